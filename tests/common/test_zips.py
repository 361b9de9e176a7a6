"""A zip's entry count is checked from its end record, before zipfile loads the central directory."""

import io
import zipfile

import pytest

from common.zips import TooManyEntries, open_zip
from tests.zip_bombs import claiming, zip_of


@pytest.fixture
def directory_never_read(monkeypatch):
    """Fail the test if zipfile loads a central directory: the refusal must come first."""

    def read(self):
        raise AssertionError("the central directory was read")

    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", read)


@pytest.mark.parametrize(("entries", "zip64"), [(65_535, False), (1_500_000, True)])
def test_a_zip_claiming_too_many_entries_is_refused_before_its_directory_is_read(directory_never_read, entries, zip64):
    with pytest.raises(TooManyEntries) as refused:
        open_zip(io.BytesIO(claiming(entries, zip64=zip64)), max_entries=20_000)
    assert str(refused.value) == f"the zip archive holds {entries:,} entries; at most 20,000 are read"


def test_a_directory_larger_than_its_entries_could_fill_is_refused(directory_never_read):
    # A count that lies low does not help: zipfile reads the directory by its size, not by the count.
    data = claiming(1, data=zip_of([f"{n:03}-{'x' * 1000}.txt" for n in range(20)]))
    with pytest.raises(TooManyEntries, match="central directory is larger than 10 entries take"):
        open_zip(io.BytesIO(data), max_entries=10)


def test_a_count_that_lies_low_with_entries_packed_small_is_still_refused():
    # Names of one letter: many more entries than the cap fit in the directory size it allows.
    data = claiming(1, data=zip_of([chr(97 + n % 26) + str(n) for n in range(60)]))
    with pytest.raises(TooManyEntries, match="holds 60 entries; at most 10 are read"):
        open_zip(io.BytesIO(data), max_entries=10)


@pytest.mark.parametrize("zip64", [False, True])
def test_a_zip_within_the_limit_opens(zip64):
    with open_zip(io.BytesIO(claiming(1, zip64=zip64)), max_entries=1) as archive:
        assert archive.read("story.txt") == b"A story."


def test_a_path_is_opened_too(tmp_path, directory_never_read):
    path = tmp_path / "bomb.zip"
    path.write_bytes(claiming(70_000))
    with pytest.raises(TooManyEntries):
        open_zip(path, max_entries=65_000)


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x05\x06short"])
def test_what_is_not_a_zip_is_a_bad_zip(data):
    with pytest.raises(zipfile.BadZipFile):
        open_zip(io.BytesIO(data), max_entries=10)
