"""The health check page as HTML: one statement at a time, a fieldset of six radio
buttons (1-5 and "don't know") with their words as labels, a submit button; no
JavaScript, no external files. Everything said by people or the knowledge base is
escaped. Built for phones first: one column, large touch targets, visible focus, and
colours of at least 7:1 contrast (WCAG AAA for text)."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from html import escape

SCALE = [("1", "1 - Strongly disagree"), ("2", "2 - Disagree"), ("3", "3 - Neither agree nor disagree"),
         ("4", "4 - Agree"), ("5", "5 - Strongly agree"), ("dk", "Don't know")]
ANSWER_WORDS = {int(value) if value.isdigit() else 0: words for value, words in SCALE}

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.125rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1b1b1b; background: #ffffff; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
.context { color: #3d3d3d; margin: 0; font-size: 1rem; }
fieldset { border: 0; margin: 0 0 1.5rem; padding: 0; min-width: 0; }
legend { font-size: 1.25rem; font-weight: 600; margin-bottom: 0.75rem; padding: 0; }
legend .domain { display: block; font-size: 1rem; font-weight: 400; color: #3d3d3d; }
.help { margin: 0 0 0.75rem; }
label.choice { display: flex; align-items: center; gap: 0.75rem; min-height: 3rem; padding: 0.5rem 0.75rem;
               margin-bottom: 0.5rem; border: 2px solid #595959; border-radius: 0.5rem; cursor: pointer; }
label.choice input { width: 1.5rem; height: 1.5rem; margin: 0; flex: none; accent-color: #0b4f8a; }
label.choice:has(input:checked) { border-color: #0b4f8a; background: #e8f1fa; }
.dont-know { margin-top: 1rem; }
button { font: inherit; font-weight: 600; color: #ffffff; background: #0b4f8a; border: 2px solid #0b4f8a;
         border-radius: 0.5rem; padding: 0.75rem 1.5rem; min-height: 3rem; cursor: pointer; width: 100%; }
a { color: #0b4f8a; }
:focus-visible { outline: 3px solid #1b1b1b; outline-offset: 3px; }
input:focus-visible { outline-offset: 2px; }
.error { border-left: 6px solid #a4000f; background: #fdecee; color: #1b1b1b; padding: 0.75rem 1rem; margin: 0 0 1rem; }
.note { color: #3d3d3d; font-size: 1rem; margin-top: 2rem; }
progress { width: 100%; height: 0.75rem; }
ol.answers { padding-left: 1.25rem; }
ol.answers li { margin-bottom: 1rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
                   white-space: nowrap; }
"""
# The Content-Security-Policy allows this one stylesheet and nothing else: no scripts at all.
STYLE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
SECURITY_HEADERS = {
    "Content-Security-Policy": (f"default-src 'none'; style-src '{STYLE_HASH}'; form-action 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'"),
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the link is the respondent's key: never sent on to another site
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
}


@dataclass(frozen=True)
class Statement:
    number: int
    total: int
    item_id: str
    text: str
    domain: str
    answered: int           # statements answered so far
    current: int | None     # this statement's answer, when given before (0 = don't know)


def _page(title: str, body: str) -> str:
    return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n'
            f'<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n')


def _context(partnership: str) -> str:
    return f'<p class="context">Health check of the {escape(partnership)} partnership</p>'


def statement_page(partnership: str, invited_by: str, closes: str, minimum: int, statement: Statement,
                   error: str | None = None, first_visit: bool = False) -> str:
    intro = ""
    if first_visit:
        intro = (f'<p>{escape(invited_by)} has asked everyone in the {escape(partnership)} partnership, police and '
                 f'partners, how well it is working. There are {statement.total} statements: say how much you agree '
                 f'with each, or choose "Don\'t know". It takes about five minutes.</p>')
    described = "scale-help error" if error else "scale-help"
    alert = f'<div class="error" role="alert" id="error"><p>{escape(error)}</p></div>' if error else ""
    choices = []
    for value, words in SCALE:
        stored = "dk" if statement.current == 0 else str(statement.current)
        checked = " checked" if statement.current is not None and stored == value else ""
        extra = " dont-know" if value == "dk" else ""
        choices.append(f'<label class="choice{extra}"><input type="radio" name="rating" value="{value}" required'
                       f'{checked}> <span>{escape(words)}</span></label>')
    back = (f'<p><a href="?n={statement.number - 1}">Back to statement {statement.number - 1}</a></p>'
            if statement.number > 1 else "")
    body = f"""{_context(partnership)}
<h1>Statement {statement.number} of {statement.total}</h1>
{intro}
<p><label for="progress">{statement.answered} of {statement.total} answered</label><br>
<progress id="progress" max="{statement.total}" value="{statement.answered}">
{statement.answered} of {statement.total}</progress></p>
{alert}
<form method="post">
<input type="hidden" name="item" value="{escape(statement.item_id)}">
<fieldset aria-describedby="{described}">
<legend><span class="domain">{escape(statement.domain)}</span> {escape(statement.text)}</legend>
<p class="help" id="scale-help">How much do you agree?</p>
{chr(10).join(choices)}
</fieldset>
<button type="submit">Save and continue</button>
</form>
{back}
{_privacy(closes, minimum)}"""
    return _page(f"{'Error: ' if error else ''}Statement {statement.number} of {statement.total} - "
                 f"{partnership} partnership health check", body)


def _privacy(closes: str, minimum: int) -> str:
    return (f'<p class="note">Your answers are saved as you go; you can close this page and come back with the same '
            f'link until {escape(closes)}. Answers are only ever shown together, once at least {minimum} people have '
            'answered: no one sees who said what.</p>')


def done_page(partnership: str, closes: str, minimum: int, answers: list[tuple[int, str, int]]) -> str:
    """Every statement answered: thanks, and each answer with a link to change it."""
    rows = "\n".join(
        f'<li><p>{escape(text)}</p><p>Your answer: <strong>{escape(ANSWER_WORDS[rating])}</strong>. '
        f'<a href="?n={number}">Change<span class="visually-hidden"> your answer to statement {number}</span></a></p></li>'
        for number, text, rating in answers)
    body = f"""{_context(partnership)}
<h1>Thank you: all {len(answers)} statements answered</h1>
<p>Your answers are saved. You can change any of them until {escape(closes)}.</p>
<h2>Your answers</h2>
<ol class="answers">
{rows}
</ol>
{_privacy(closes, minimum)}"""
    return _page(f"Thank you - {partnership} partnership health check", body)


REFUSALS = {
    "forged": (403, "This link doesn't work",
               "This link is not a valid health check link. Check that it was copied whole, or ask the person who "
               "sent it for a new one. Nothing was saved."),
    "expired": (410, "This health check has closed",
                "The time to answer this health check has passed, so answers can no longer be given or changed. "
                "Nothing was saved. Thank you for your time."),
    "closed": (410, "This health check has closed",
               "This round of the health check is closed, so answers can no longer be given or changed. "
               "Nothing was saved. Thank you for your time."),
    "busy": (429, "Too many requests",
             "This page was asked for too many times in a short while. Wait a minute and try again; "
             "your answers so far are saved."),
    "unavailable": (503, "Please try again shortly",
                    "The health check can't reach its records right now, so nothing was saved. Please try again "
                    "in a few minutes with the same link."),
    "bad_request": (400, "Something was wrong with that answer",
                    "That answer could not be read, so nothing was saved. Go back and choose one of the answers."),
}


def refusal_page(reason: str) -> tuple[int, str]:
    status, title, text = REFUSALS[reason]
    return status, _page(title, f'<h1>{escape(title)}</h1>\n<p>{escape(text)}</p>')
