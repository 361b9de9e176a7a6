"""Video links: which YouTube or Vimeo video a link names, its plain address and its player."""

import pytest

from common.videos import player_url, video_site, video_url


@pytest.mark.parametrize(
    ("link", "plain"),
    [
        ("https://www.youtube.com/watch?v=t4hiu_kohhs&t=3", "https://www.youtube.com/watch?v=t4hiu_kohhs"),
        ("https://youtu.be/t4hiu_kohhs", "https://www.youtube.com/watch?v=t4hiu_kohhs"),
        ("https://m.youtube.com/shorts/t4hiu_kohhs", "https://www.youtube.com/watch?v=t4hiu_kohhs"),
        ("https://vimeo.com/76979871", "https://vimeo.com/76979871"),
        ("https://vimeo.com/channels/staffpicks/76979871", "https://vimeo.com/76979871"),
        ("https://player.vimeo.com/video/76979871?h=1", "https://vimeo.com/76979871"),
        ("https://vimeo.com/about", ""),
        ("https://evil.example/watch?v=t4hiu_kohhs", ""),
        ("javascript:alert(1)//youtube.com/watch?v=t4hiu_kohhs", ""),
        ("ftp://youtu.be/t4hiu_kohhs", ""),
        ("https://www.youtube.com/watch?v=<script>", ""),
        ("http://[::1", ""),
        ("", ""),
    ],
)
def test_a_link_gives_the_plain_address_of_its_video_or_nothing(link, plain):
    assert video_url(link) == plain


def test_each_site_has_its_private_player():
    assert player_url("https://youtu.be/t4hiu_kohhs") == (
        "https://www.youtube-nocookie.com/embed/t4hiu_kohhs?autoplay=1&rel=0"
    )
    assert player_url("https://vimeo.com/76979871") == "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"
    assert player_url("https://evil.example/") == ""
    assert [video_site("https://youtu.be/t4hiu_kohhs"), video_site("https://vimeo.com/1")] == ["YouTube", "Vimeo"]
