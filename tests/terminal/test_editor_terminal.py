"""Editing and moving around in a real 80x24 pty: mouse clicks, bytes on the wire, what is shown."""

from __future__ import annotations


def test_clicking_a_key_in_the_key_bar_does_what_the_key_does(terminal) -> None:
    app = terminal("--lesson", "1", mouse=True)
    app.expect("kernel ready")
    bottom = app.screen.display[-1]
    column = bottom.find("f1 Help")
    assert column >= 0, bottom
    app.click(column + 1, 23)
    app.expect(r"Keys\s")  # the help screen
    app.drain(1.5)
    assert app.process.isalive(), "clicking the key bar ended the app:\n" + app.text
    assert "F6                Shapes" in app.text


def test_nothing_is_sent_once_a_lesson_switch_has_settled(terminal) -> None:
    """The neighbours built in the background after a switch are hidden: they cost no bytes."""
    app = terminal("--lesson", "1")
    app.expect("kernel ready")
    app.drain(1.0)
    for number, title in ((2, "Logistic regression"), (3, "Cost function")):
        app.press("n")
        sent = app.quiet_after(rf"0{number} · {title}", 2.0)
        assert sent == 0, f"{sent} bytes after switching to lesson {number} had settled"
