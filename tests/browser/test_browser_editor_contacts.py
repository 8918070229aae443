"""`sitegen serve --edit` in headless Chromium: change a hotline number in a contact directory,
see the confirmation step, be refused until it is typed twice, save, and find the directory and
contacts.lock changed on disk."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from sitegen.editor.store import history
from tests.browser.browserkit import Browser, format_violations
from tests.editorkit import served_editor
from tests.test_editor_contacts import DIRECTORY, DIRECTORY_TEXT, FILES

WAIT = 30  # seconds: a bound for slow machines, not a measurement


def _text(browser: Browser, element_id: str) -> str:
    return str(browser.js(f"return document.getElementById('{element_id}').textContent;"))


def _lock_from_the_files(site: Path) -> None:
    from sitegen.site.lock import accept_contacts

    accept_contacts(site)


def test_change_a_hotline_number_typed_twice(browser: Browser, tmp_path: Path) -> None:
    with served_editor(tmp_path, FILES, prepare=_lock_from_the_files) as served:
        driver = browser.driver
        browser.open(served.editor.address())
        driver.find_element(By.LINK_TEXT, DIRECTORY).click()
        phone = driver.find_element(By.ID, "entry-1-phone")
        confirm_box = driver.find_element(By.ID, "confirm-entry-1-phone")
        assert not confirm_box.is_displayed()

        phone.send_keys(Keys.CONTROL, "a")
        phone.send_keys("0800 555 111")
        WebDriverWait(driver, WAIT).until(lambda d: confirm_box.is_displayed())
        assert _text(browser, "status") == (
            "Type the new phone number again to confirm it (to remove it, type the old one): "
            "the box is below it."
        )
        # the confirmation appears for the changed number only
        shown = [b.get_attribute("id") for b in driver.find_elements(By.CSS_SELECTOR, ".confirm")]
        visible = [i for i in shown if driver.find_element(By.ID, i).is_displayed()]
        assert visible == ["confirm-entry-1-phone"]
        violations = browser.axe()
        assert violations == [], format_violations(violations)
        browser.screenshot("contacts-confirm", show="confirm-entry-1-phone")

        driver.find_element(By.ID, "save").click()  # not typed twice yet
        WebDriverWait(driver, WAIT).until(lambda d: _text(browser, "status").startswith("Not"))
        assert _text(browser, "problems-entry-1-phone") == (
            "error: you changed this phone number: type the new phone number again in the box below"
        )
        assert (served.site / DIRECTORY).read_text(encoding="utf-8") == DIRECTORY_TEXT
        violations = browser.axe()
        assert violations == [], format_violations(violations)

        # by keyboard: the refused save put the focus on the number, the next Tab is its box
        assert driver.switch_to.active_element.get_attribute("id") == "entry-1-phone"
        driver.switch_to.active_element.send_keys(Keys.TAB)
        again = driver.switch_to.active_element
        assert again.get_attribute("id") == "entry-1-phone-confirm"
        again.send_keys("0800 555 111", Keys.ENTER)  # Enter submits the form
        WebDriverWait(driver, WAIT).until(lambda d: _text(browser, "status").startswith("Saved"))
        assert "tel:+44800789321 -> tel:+44800555111" in _text(browser, "status")
        assert not confirm_box.is_displayed()

        saved = (served.site / DIRECTORY).read_text(encoding="utf-8")
        assert 'phone: "0800 555 111"  # from act.campaign.gov.uk' in saved
        lock = (served.site / "contacts.lock").read_text(encoding="utf-8")
        assert "help/hotline phone tel:+44800555111\n" in lock
        assert "tel:+44800789321" not in lock
        assert len(history(served.site, DIRECTORY)) == 1
        assert len(history(served.site, "contacts.lock")) == 1

        requested = browser.requested_urls()
        hosts = {urlsplit(url).netloc for url in requested if not url.startswith("data:")}
        assert hosts <= {f"127.0.0.1:{served.port}"}
        # Chromium logs the refused save's status; nothing else went wrong
        refused = f"http://127.0.0.1:{served.port}/_edit/api/contacts - Failed to load resource: "
        assert browser.console_problems() == [
            refused + "the server responded with a status of 422 (Unprocessable Entity)"
        ]


def test_add_an_entry_with_its_number_typed_twice(browser: Browser, tmp_path: Path) -> None:
    with served_editor(tmp_path, FILES, prepare=_lock_from_the_files) as served:
        driver = browser.driver
        browser.open(served.editor.address())
        driver.find_element(By.LINK_TEXT, DIRECTORY).click()
        driver.find_element(By.ID, "add-entry").click()
        ident = driver.find_element(By.ID, "entry-3-id")
        assert driver.switch_to.active_element.get_attribute("id") == "entry-3-id"
        ident.send_keys("police")
        driver.find_element(By.ID, "entry-3-name").send_keys("Police (not an emergency)")
        driver.find_element(By.ID, "entry-3-phone").send_keys("101")
        confirm_box = driver.find_element(By.ID, "confirm-entry-3-phone")
        WebDriverWait(driver, WAIT).until(lambda d: confirm_box.is_displayed())
        violations = browser.axe()
        assert violations == [], format_violations(violations)

        driver.find_element(By.ID, "save").click()  # the number not typed twice yet
        WebDriverWait(driver, WAIT).until(lambda d: _text(browser, "status").startswith("Not"))
        assert _text(browser, "problems-entry-3-phone") == (
            "error: you changed this phone number: type the new phone number again in the box below"
        )
        assert (served.site / DIRECTORY).read_text(encoding="utf-8") == DIRECTORY_TEXT

        again = driver.find_element(By.ID, "entry-3-phone-confirm")
        again.send_keys("101", Keys.ENTER)
        WebDriverWait(driver, WAIT).until(lambda d: _text(browser, "status").startswith("Saved"))
        assert "+ help/police phone tel:101" in _text(browser, "status")
        assert ident.get_attribute("readonly") == "true"  # an id is never changed once saved
        saved = (served.site / DIRECTORY).read_text(encoding="utf-8")
        assert saved == DIRECTORY_TEXT + (
            '  - id: "police"\n    name: "Police (not an emergency)"\n    phone: "101"\n'
        )
        lock = (served.site / "contacts.lock").read_text(encoding="utf-8")
        assert "help/police phone tel:101\n" in lock

        # saving again sends nothing new: the entry is one of the file's now
        driver.find_element(By.ID, "save").click()
        WebDriverWait(driver, WAIT).until(lambda d: _text(browser, "status") == "Saved.")
        assert (served.site / DIRECTORY).read_text(encoding="utf-8") == saved


def test_remove_an_entry_by_typing_its_id(browser: Browser, tmp_path: Path) -> None:
    with served_editor(tmp_path, FILES, prepare=_lock_from_the_files) as served:
        driver = browser.driver
        browser.open(served.editor.address())
        driver.find_element(By.LINK_TEXT, DIRECTORY).click()
        fieldset = driver.find_element(By.ID, "entry-2")
        fieldset.find_element(By.CSS_SELECTOR, "button.remove").click()
        box = driver.switch_to.active_element
        assert box.get_attribute("id") == "entry-2-remove"
        box.send_keys("drop", Keys.ENTER)
        WebDriverWait(driver, WAIT).until(lambda d: _text(browser, "status").startswith("Not"))
        assert _text(browser, "problems-entry-2-remove").startswith(
            "error: what you typed is not this entry's id: type drop-in"
        )
        box = driver.find_element(By.ID, "entry-2-remove")
        box.send_keys("-in", Keys.ENTER)
        WebDriverWait(driver, WAIT).until(lambda d: not d.find_elements(By.ID, "entry-2"))
        assert "drop-in" not in (served.site / DIRECTORY).read_text(encoding="utf-8")
        assert "help/drop-in" not in (served.site / "contacts.lock").read_text(encoding="utf-8")


def test_translate_an_entry_beside_the_original(browser: Browser, tmp_path: Path) -> None:
    with served_editor(tmp_path, FILES, prepare=_lock_from_the_files) as served:
        driver = browser.driver
        lock_before = (served.site / "contacts.lock").read_bytes()
        browser.open(served.editor.address())
        driver.find_element(By.LINK_TEXT, "content/contacts/help.ur.yaml").click()
        name = driver.find_element(By.ID, "entry-emergency-name")
        assert name.get_attribute("dir") == "rtl"
        name.send_keys("ہنگامی خدمات")
        violations = browser.axe()
        assert violations == [], format_violations(violations)
        driver.find_element(By.ID, "save").click()
        WebDriverWait(driver, WAIT).until(lambda d: _text(browser, "status") == "Saved.")
        saved = (served.site / "content/contacts/help.ur.yaml").read_text(encoding="utf-8")
        assert saved.endswith('  emergency:\n    name: "ہنگامی خدمات"\n')
        assert (served.site / "contacts.lock").read_bytes() == lock_before
