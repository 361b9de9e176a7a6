"""clean_as_saved: what a save cleans a row of, for code that saves rows raw (a restore)."""

import pytest
from django.core.exceptions import ValidationError

from catalog.models import Company, Person
from editorial.cleaning import clean_as_saved


def test_a_row_is_cleaned_as_a_save_cleans_it():
    person = Person(name="Kim Tae-ri", bio="<p>Actor.</p><script>alert(1)</script>", aliases="Kim Tae-Ri\r\nKim Tae Ri")
    clean_as_saved(Person, person)
    assert person.bio == "<p>Actor.</p>" and person.aliases == "Kim Tae-Ri\nKim Tae Ri"


def test_a_web_address_with_another_scheme_is_refused():
    with pytest.raises(ValidationError, match="Only web addresses"):
        clean_as_saved(Company, Company(name="Studio", website="javascript:alert(1)"))
