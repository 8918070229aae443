"""`sitegen serve --edit` in headless Chromium: open the printed address, edit a page's title and
a paragraph, watch the preview follow, save, and find the file changed and the undo entry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from sitegen.editor.store import history
from tests.browser.browserkit import Browser, format_violations
from tests.editorkit import PAGE, Served, served_editor

WAIT = 30  # seconds: a bound for slow machines, not a measurement


@pytest.fixture
def editor(tmp_path: Path) -> Iterator[Served]:
    with served_editor(tmp_path) as served:
        yield served


def _text(browser: Browser, element_id: str) -> str:
    return str(browser.js(f"return document.getElementById('{element_id}').textContent;"))


def test_edit_a_title_and_a_paragraph_preview_save_and_undo(
    browser: Browser, editor: Served
) -> None:
    driver = browser.driver
    browser.open(editor.editor.address())
    origin = f"http://127.0.0.1:{editor.port}"
    assert driver.current_url == f"{origin}/_edit/"  # the token left the address bar
    assert "token" not in str(browser.js("return document.cookie;"))  # HttpOnly

    driver.find_element(By.LINK_TEXT, PAGE).click()
    WebDriverWait(driver, WAIT).until(lambda d: "Trust your instincts" in _text(browser, "preview"))

    title = driver.find_element(By.ID, "field-title")
    title.send_keys(Keys.CONTROL, "a")
    title.send_keys("Staying safe at night")
    body = driver.find_element(By.ID, "field-body")
    body.send_keys(Keys.CONTROL, Keys.END)
    body.send_keys(Keys.ENTER, "Walk home with a *friend* when you can.", Keys.ENTER)
    WebDriverWait(driver, WAIT).until(
        lambda d: "Walk home with a friend" in _text(browser, "preview")
    )
    preview = driver.find_element(By.ID, "preview")
    assert preview.find_element(By.TAG_NAME, "h1").text == "Staying safe at night"
    browser.screenshot("page-form", height=1250)
    assert preview.find_element(By.TAG_NAME, "em").text == "friend"

    violations = browser.axe()
    assert violations == [], format_violations(violations)

    driver.find_element(By.ID, "save").click()
    WebDriverWait(driver, WAIT).until(lambda d: _text(browser, "status").startswith("Saved"))
    saved = (editor.site / PAGE).read_text(encoding="utf-8")
    assert 'title: "Staying safe at night"' in saved
    assert saved.endswith(
        "Keep doors locked and call 101 to report.\n\nWalk home with a *friend* when you can.\n"
    )
    assert "audience: [parents]" in saved  # keys the form does not show are kept

    entries = history(editor.site, PAGE)
    assert len(entries) == 1
    WebDriverWait(driver, WAIT).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#history button")) == 1
    )
    restore = driver.find_element(By.CSS_SELECTOR, "#history button")
    assert restore.get_attribute("data-entry") == entries[0].name

    # data: URLs are Chromium's own (the date input's calendar icon), not the page's
    requested = browser.requested_urls()
    hosts = {urlsplit(url).netloc for url in requested if not url.startswith("data:")}
    assert hosts <= {f"127.0.0.1:{editor.port}"}
    assert browser.console_problems() == []

    restore.click()  # the undo entry puts the page back as it was
    WebDriverWait(driver, WAIT).until(
        lambda d: "Staying safe at night" not in (editor.site / PAGE).read_text(encoding="utf-8")
    )
    assert "title: Staying safe" in (editor.site / PAGE).read_text(encoding="utf-8")


def test_edit_a_translation_segment_side_by_side(browser: Browser, tmp_path: Path) -> None:
    from tests.test_editor_segments import FILES, TRANSLATION

    with served_editor(tmp_path, FILES) as served:
        driver = browser.driver
        browser.open(served.editor.address())
        driver.find_element(By.LINK_TEXT, "(side by side)").click()
        marked = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "mark.protected")]
        assert marked == ["0800 555 0199", "https://www.victimsupport.org.uk/"]
        violations = browser.axe()
        assert violations == [], format_violations(violations)
        browser.screenshot("side-by-side")

        box = driver.find_element(By.CSS_SELECTOR, 'textarea[data-context="at-night/p1"]')
        assert box.get_attribute("dir") == "rtl"
        box.send_keys(Keys.CONTROL, Keys.END)
        box.send_keys(" ہمیشہ")
        driver.find_element(By.XPATH, "//button[.='Save at-night/p1']").click()
        WebDriverWait(driver, WAIT).until(
            lambda d: _text(browser, "status") == "Saved at-night/p1."
        )
        saved = (served.site / TRANSLATION).read_text(encoding="utf-8")
        assert saved.endswith("دروازے بند رکھیں۔ ہمیشہ\n")
        assert len(history(served.site, TRANSLATION)) == 1


def test_make_a_new_statement_from_the_page_list_and_land_in_its_form(
    browser: Browser, editor: Served
) -> None:
    driver = browser.driver
    browser.open(editor.editor.address())
    violations = browser.axe()
    assert violations == [], format_violations(violations)
    browser.screenshot("page-list")

    where = driver.find_element(By.ID, "new-where")
    where.send_keys("Statements/After the fire", Keys.ENTER)  # refused: not a slug
    WebDriverWait(driver, WAIT).until(lambda d: _text(browser, "problems-where") != "")
    assert "lower-case words joined by hyphens" in _text(browser, "problems-where")
    assert driver.switch_to.active_element == where
    assert where.get_attribute("aria-invalid") == "true"

    where.send_keys(Keys.CONTROL, "a")
    where.send_keys("statements/after-the-fire", Keys.ENTER)  # "statement" is the first kind
    WebDriverWait(driver, WAIT).until(lambda d: "/_edit/page?path=" in d.current_url)
    title = driver.find_element(By.ID, "field-title")
    assert title.get_attribute("value") == "After the fire"
    made = editor.site / "content/statements/after-the-fire/index.md"
    assert made.read_text(encoding="utf-8").startswith("---\ntitle: After the fire\n")


def test_paste_a_thread_see_what_it_makes_then_write_it(browser: Browser, editor: Served) -> None:
    from tests.test_editor_import import FOLDER, THREAD

    driver = browser.driver
    browser.open(editor.editor.address())
    driver.find_element(By.LINK_TEXT, "Paste a letter or an e-mail thread").click()
    write = driver.find_element(By.ID, "import-write")
    assert not write.is_enabled()
    browser.js("document.getElementById('import-text').value = arguments[0];", THREAD)
    driver.find_element(By.ID, "import-preview").click()
    WebDriverWait(driver, WAIT).until(lambda d: write.is_enabled())
    summary = _text(browser, "import-summary")
    assert "Statement: Victoria Road mosque" in summary
    assert "letters/02-chief-constable.md" in summary and "role: Chief Constable" in summary
    assert not (editor.site / FOLDER).exists()  # shown, not written
    violations = browser.axe()
    assert violations == [], format_violations(violations)
    browser.screenshot("paste-import", show="import-plan-heading")

    write.click()
    WebDriverWait(driver, WAIT).until(lambda d: "/_edit/page?path=" in d.current_url)
    assert driver.find_element(By.ID, "field-title").get_attribute("value") == (
        "Victoria Road mosque"
    )
    assert (editor.site / FOLDER / "letters" / "03-leader-of-the-council.md").is_file()
    # a letter's form: who sent it, and a preview without a title of its own
    letter = f"{FOLDER}/letters/02-chief-constable.md"
    browser.open(f"http://127.0.0.1:{editor.port}/_edit/page?path={letter}")
    assert driver.find_element(By.ID, "field-from").get_attribute("value") == "Sarah Whitcombe"
    assert driver.find_element(By.ID, "field-role").get_attribute("value") == "Chief Constable"
    WebDriverWait(driver, WAIT).until(lambda d: "criminal damage" in _text(browser, "preview"))
    violations = browser.axe()
    assert violations == [], format_violations(violations)
