import pytest


@pytest.mark.browser
def test_home_renders_in_both_languages(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.goto("/en/")
    assert page.locator("html").get_attribute("lang") == "en"
