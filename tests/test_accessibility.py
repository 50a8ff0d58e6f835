"""The accessibility sweep: axe-core (WCAG 2.2 AA rules) on every page, for every persona.

Every URL pattern is enumerated from the resolver; each persona (the six roles of gemeente A,
the coördinator of gemeente B, the platform-beheerder, an employee with a second factor, and
an anonymous visitor) opens every page it can reach in headless Chromium, and axe-core must
find 0 violations. Pages with forms are also checked in their error state. A new route that
takes a parameter must be known to ``tests/routes.py`` (OBJECT_FOR), or this module fails.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, BrowserContext, Page

from accounts.models import User
from conftest import ROLES
from risicos.tests import world as risicos_world
from tests import factories
from tests.browser import launch_browser
from tests.routes import OBJECT_FOR, VARIANTS, Route, all_routes, url_for

pytestmark = [pytest.mark.browser]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()
# Only the violations come back in full: the passes and the rules that did not apply (the most of
# axe's answer) are counted, not listed, which keeps a check of a large page fast.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

PERSONAS = [*ROLES, "coordinator_b", "platform_admin", "melder_mfa", "anonymous"]
# The veiligheidsplan's pages show an auditor what they show a bestuurder (read-only), and a
# thema-eigenaar the forms the coördinator sees for the velden they own: those two personas skip
# them, which keeps the sweep's time in bounds as the plan grows (every page is still checked for
# the coördinator, the bestuurder and the ketenpartner, each in its own view).
SAME_VIEW_AS = {"auditor": "bestuurder", "thema_eigenaar": "coordinator"}
SAME_VIEW_PREFIXES = ("ivp:",)
INVITATION_CODE = "toegankelijkheid-uitnodiging-code-0001"


@dataclass
class Sweep:
    """What a persona's sweep needs: its personas, its own user and the objects it made."""

    personas: Any
    persona: str
    user: User | None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def membership(self) -> Any:
        if self.persona in ROLES:
            return self.personas.members[self.persona]
        return self.extra.get("membership")


def html_routes() -> list[Route]:
    """Every named URL pattern outside the API (the API has no pages)."""
    return [r for r in all_routes() if not r.name.startswith("api:")]


def url_of(route: Route, sweep: Sweep) -> str:
    if route.name == "accounts:accept_invitation":
        return reverse(route.name, kwargs={"code": INVITATION_CODE})
    return url_for(route, sweep.personas, sweep.persona)


def urls_of(route: Route, sweep: Sweep) -> list[str]:
    """Every page behind a route: all variants where its parameter selects a different page."""
    if route.name in VARIANTS:
        return [route.url(**kwargs) for kwargs in VARIANTS[route.name](sweep.personas)]
    return [url_of(route, sweep)]


def build_sweep(personas: Any, persona: str) -> Sweep:
    if persona == "anonymous":
        sweep = Sweep(personas, persona, None)
    elif persona == "melder_mfa":
        user = factories.make_user("tweestaps@aastad.example")
        membership = factories.make_member(personas.gemeente_a, user, "melder")
        TOTPDevice.objects.create(user=user, name="Telefoon", confirmed=True)
        sweep = Sweep(personas, persona, user, {"membership": membership})
    else:
        sweep = Sweep(personas, persona, personas.user(persona))
    factories.make_invitation(personas.gemeente_a, "toegankelijk@aastad.example", "melder", code=INVITATION_CODE)
    personas.kader_of()  # gemeente A has a strategisch kader, so its pages show content
    risicos_world.risico_pk(personas)  # and a risk register (its start page: risicos/tests/test_browser.py)
    return sweep


# A value that differs from run to run but not in what axe checks: ids, numbers, tokens.
VOLATILE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9_-]{32,}|[0-9]+")


class _Shape(HTMLParser):
    """The shape of a page: every element with its attributes, and where text is (not the text itself)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = " ".join(f"{name}={VOLATILE.sub('0', value or '')}" for name, value in sorted(attrs))
        self.parts.append(f"<{tag} {shown}>")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.parts.append("T")


def shape_of(html: str) -> str:
    """A fingerprint of what axe-core looks at: two pages with the same shape give the same result
    (same elements, classes, roles, labels and links, text in the same places)."""
    parser = _Shape()
    parser.feed(html)
    parser.close()
    return hashlib.sha256("".join(parser.parts).encode()).hexdigest()


# The shapes already checked in this test run, by any persona (a page a bestuurder and an auditor
# see alike is checked once).
CHECKED_SHAPES: set[str] = set()


def logged_in_client(user: User | None, *, verified: bool = False) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
        if verified:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
            session.save()
    return client


def browser_context(browser: Browser, client: Client, base_url: str) -> BrowserContext:
    context = browser.new_context(base_url=base_url, locale="nl-NL")
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if cookie is not None:
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}])
    return context


def axe_results(page: Page) -> dict[str, Any]:
    """axe-core's findings on the page as it is now (axe is loaded into the page once per page load)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.axe_script)
    results: dict[str, Any] = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return results


def axe_report(url: str, results: dict[str, Any]) -> str:
    lines = [f"{url}:"]
    for violation in results["violations"]:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(f"      at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            lines.append(f"         {node.get('failureSummary', '').replace(chr(10), ' ')[:300]}")
    return "\n".join(lines)


class PageChecker:
    """Opens pages in one browser context, runs axe and collects readable problems."""

    def __init__(self, context: BrowserContext) -> None:
        self.page: Page = context.new_page()
        self.console: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("response", self._on_response)
        self.problems: list[str] = []
        self.checked: list[str] = []

    def _on_console(self, message: Any) -> None:
        # A refused subresource is reported by _on_response with its URL; the page itself may be a 403.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console.append(message.text)

    def _on_response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.console.append(f"{response.status} {response.url}")

    def check_current(self, label: str) -> None:
        results = axe_results(self.page)
        if results["violations"]:
            self.problems.append(axe_report(label, results))
        if self.console:
            self.problems.append(f"{label}: console errors or failed loads: {self.console}")
            self.console.clear()
        self.checked.append(label)

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None
        self.check_current(f"{url} -> {self.page.url.split('/', 3)[-1]!s} ({response.status})")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch_browser() as chromium:
        yield chromium


def test_every_url_pattern_with_parameters_has_an_object_for_the_sweep() -> None:
    known = {*OBJECT_FOR, "accounts:accept_invitation"}
    missing = [r.name for r in html_routes() if r.params and r.name not in known]
    assert not missing, f"add these to OBJECT_FOR in tests/routes.py: {missing}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_a_persona_can_open_has_no_axe_violations(
    persona: str, personas: Any, live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    sweep = build_sweep(personas, persona)
    client = logged_in_client(sweep.user, verified=persona == "melder_mfa")
    context = browser_context(browser, client, live_server.url)
    checker = PageChecker(context)
    seen_final: set[str] = set()
    alike: list[str] = []  # pages of a shape another persona's sweep already checked
    try:
        routes = [r for r in html_routes() if not (persona in SAME_VIEW_AS and r.name.startswith(SAME_VIEW_PREFIXES))]
        for url in [url for route in routes for url in urls_of(route, sweep)]:
            response = client.get(url, follow=True)
            if response.status_code == 405:
                continue  # POST-only: no page of its own
            if not response.get("Content-Type", "").startswith("text/html"):
                continue  # CSV exports, the theme stylesheet, the logo
            final = response.request["PATH_INFO"]
            # Error pages (403/404) look the same everywhere: check each kind once per persona.
            key = str(response.status_code) if response.status_code >= 400 else final
            if key in seen_final:
                continue  # e.g. every page of an anonymous visitor ends on the login page
            seen_final.add(key)
            shape = shape_of(response.content.decode())
            if shape in CHECKED_SHAPES:
                alike.append(url)
                continue
            CHECKED_SHAPES.add(shape)
            checker.visit(url)
    finally:
        context.close()
    print(f"{persona}: checked", *checker.checked, "already checked in this shape:", *alike, sep="\n  ")
    assert checker.checked or alike, "the sweep opened no page"
    assert not checker.problems, f"axe-core found problems for {persona}:\n" + "\n\n".join(checker.problems)


# Forms shown in their error state: (persona, url name); the form is submitted empty.
ERROR_STATES: list[tuple[str, str]] = [
    ("anonymous", "accounts:login"),
    ("anonymous", "accounts:accept_invitation"),
    ("coordinator", "organisations:invite"),
    ("coordinator", "organisations:partners"),
    ("coordinator", "organisations:gemeente_settings"),
    ("coordinator", "accounts:token_create"),
    ("coordinator", "accounts:password_change"),
    ("coordinator", "accounts:mfa_setup"),
    ("coordinator", "kader:adopt"),
    ("coordinator", "kader:template"),
    ("coordinator", "kader:part_edit"),
    ("platform_admin", "organisations:platform_gemeenten"),
    # ivp: analyse
    ("coordinator", "ivp:indicator_add"),
    ("coordinator", "ivp:indicator_edit"),
    ("coordinator", "ivp:meting_add"),
    ("coordinator", "ivp:inwoners"),
    # ivp: plan
    ("coordinator", "ivp:plan"),
    ("coordinator", "ivp:adopt"),
    # ivp: themas
    ("coordinator", "ivp:veld_edit"),
    ("coordinator", "ivp:thema_add"),
    ("coordinator", "ivp:doel_add"),
    ("coordinator", "ivp:doel_edit"),
    # ivp: documenten
    ("coordinator", "ivp:sjabloon"),
    # risicos: the Word template of the risicorapportage
    ("coordinator", "risicos:sjabloon"),
    # incidenten: the Word template of the rode-dradenanalyse
    ("coordinator", "incidenten:sjabloon"),
    # oefenen: an exercise, an awareness activity and an afdeling's participation
    ("coordinator", "oefenen:oefening_nieuw"),
    ("coordinator", "oefenen:oefening_wijzigen"),
    ("coordinator", "oefenen:activiteit_nieuw"),
    ("coordinator", "oefenen:activiteit"),
    ("coordinator", "oefenen:deelname_nieuw"),
    ("coordinator", "oefenen:deelname"),
    # pdca: an activity (new, and recorded as done), a finding (new and changed), an action from a finding
    ("coordinator", "pdca:activiteit_nieuw"),
    ("coordinator", "pdca:activiteit"),
    ("coordinator", "pdca:bevinding_nieuw"),
    ("coordinator", "pdca:bevinding"),
    ("coordinator", "pdca:actie"),
    # quickscan: a new scan, a concept's title and peildatum, the levels and questions, an action from a cell
    ("coordinator", "quickscan:nieuw"),
    ("coordinator", "quickscan:gegevens"),
    ("coordinator", "quickscan:instellingen"),
    ("coordinator", "quickscan:actie"),
]


# The state a form needs before it is shown: the vaststelling is recorded only for a version ter besluitvorming.
ERROR_STATE_NEEDS: dict[str, Any] = {
    "kader:adopt": lambda personas: _kader_submitted(personas),
    # ivp: plan
    "ivp:adopt": lambda personas: _ivp_submitted(personas),
}


def _ivp_submitted(personas: Any) -> None:
    """Gemeente A's veiligheidsplan, ter besluitvorming."""
    from ivp.tests.test_views_plan import submitted

    submitted(personas)


@pytest.mark.parametrize(("persona", "url_name"), ERROR_STATES)
def test_forms_with_errors_have_no_axe_violations(
    persona: str, url_name: str, personas: Any, live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    sweep = build_sweep(personas, persona)
    if url_name in ERROR_STATE_NEEDS:
        ERROR_STATE_NEEDS[url_name](personas)
    client = logged_in_client(sweep.user)
    context = browser_context(browser, client, live_server.url)
    checker = PageChecker(context)
    route = next(r for r in html_routes() if r.name == url_name)
    try:
        page = checker.page
        page.goto(url_of(route, sweep))
        form = page.locator("main form:has(button[type=submit])").last
        for field_ in form.locator("input[type=text], input[type=email], input[type=password], textarea").all():
            field_.fill("")
        for select in form.locator("select:not([multiple])").all():
            select.select_option(index=0)
        form.locator("button[type=submit]").last.click()
        page.wait_for_load_state()
        errors = page.locator(".utrecht-form-field--invalid, .utrecht-alert--error")
        assert errors.count() > 0, f"{url_name}: submitting the empty form showed no error ({page.url})"
        checker.check_current(f"{url_name} (met fouten)")
    finally:
        context.close()
    assert not checker.problems, "\n\n".join(checker.problems)


def test_the_mfa_pages_of_an_unverified_user_have_no_axe_violations(
    personas: Any, live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    """A user with a second factor who has not yet entered it sees the code form first."""
    sweep = build_sweep(personas, "melder_mfa")
    client = logged_in_client(sweep.user)
    context = browser_context(browser, client, live_server.url)
    checker = PageChecker(context)
    try:
        checker.visit(reverse("dashboard:home"))
        assert "/account/tweestapsverificatie/controleren" in checker.page.url
        checker.page.locator("main form button[type=submit]").last.click()
        checker.page.wait_for_load_state()
        checker.check_current("tweestapsverificatie controleren (met fouten)")
    finally:
        context.close()
    assert not checker.problems, "\n\n".join(checker.problems)


def test_an_invitation_for_the_sweep_exists_only_in_gemeente_a(personas: Any, transactional_db: Any) -> None:
    """The sweep's invitation code must lead to a real invitation page, not the error page."""
    build_sweep(personas, "anonymous")
    response = Client().get(reverse("accounts:accept_invitation", kwargs={"code": INVITATION_CODE}))
    assert response.status_code == 200
    assert "Uitnodiging voor Gemeente Aastad" in response.content.decode()


def test_pages_have_the_same_shape_only_when_axe_would_see_the_same() -> None:
    """Ids, numbers, tokens and the words of a text do not change a page's shape; an element, a
    class, a label or an empty link do."""
    page = '<main><a href="/risicos/{id}" class="{cls}">{text}</a><input name="csrf" value="{token}"></main>'
    base = shape_of(page.format(id=uuid.uuid4(), cls="link", text="Inbraak", token="a" * 40))
    assert base == shape_of(page.format(id=uuid.uuid4(), cls="link", text="Brand in de kelder", token="b" * 48))
    assert base != shape_of(page.format(id=uuid.uuid4(), cls="link link--current", text="Inbraak", token="a" * 40))
    assert base != shape_of(page.format(id=uuid.uuid4(), cls="link", text=" ", token="a" * 40))
    labelled = page.replace("<input", '<label for="x">Naam</label><input')
    assert base != shape_of(labelled.format(id=uuid.uuid4(), cls="link", text="Inbraak", token="a" * 40))


def test_the_checker_reports_a_page_with_a_violation(browser: Browser) -> None:
    """The sweep can fail: an image without alt text and an unlabeled field are reported."""
    context = browser.new_context()
    checker = PageChecker(context)
    try:
        checker.page.set_content(
            '<!DOCTYPE html><html lang="nl"><head><title>Fout</title></head>'
            '<body><main><h1>Fout</h1><img src="data:,"><input type="text"></main></body></html>'
        )
        checker.check_current("voorbeeld met fouten")
    finally:
        context.close()
    report = "\n".join(checker.problems)
    assert "image-alt" in report
    assert "label" in report


# The add forms of the kader steps, submitted empty: (step, the part whose form is opened).
KADER_ERROR_FORMS = [
    ("scope", "deelplannen"),
    ("kwaliteitssysteem", "verantwoordelijkheden"),
    ("doelen", "doelen"),
    ("uitgangspunten", "uitgangspunten"),
]


@pytest.mark.parametrize(("stap", "part"), KADER_ERROR_FORMS)
def test_kader_step_forms_with_errors_have_no_axe_violations(
    stap: str, part: str, personas: Any, live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    from kader import services
    from kader.models import Deelplan, Verantwoordelijkheid
    from lib import tenancy

    sweep = build_sweep(personas, "coordinator")
    versie = personas.kader_of()
    assert sweep.user is not None
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=sweep.user.pk):
        # rows of every kind, so their summaries, links and the matrix are on the pages too
        services.add_part(
            model=Deelplan,
            versie=versie,
            by=by,
            bestand=("plan.pdf", b"%PDF-1.7\n%%EOF\n"),
            thema="integriteit",
            titel="Gedragscode",
            link="https://intranet.aastad.example/gedragscode",
            status="vastgesteld",
        )
        services.add_part(
            model=Verantwoordelijkheid,
            versie=versie,
            by=by,
            rol="Coördinator",
            activiteit="Jaarplan",
            aard="A",
        )
    client = logged_in_client(sweep.user)
    context = browser_context(browser, client, live_server.url)
    checker = PageChecker(context)
    try:
        page = checker.page
        page.goto(reverse("kader:step", kwargs={"pk": versie.pk, "stap": stap}))
        # A part may sit in a collapsed section (the matrix's "De verdeling per cel wijzigen"): opened as a user would.
        outer = page.locator(f"details:not([open]):has(#deel-{part}) > summary")
        while outer.count():
            outer.first.click()
        adding = page.locator(f"#deel-{part} details.kapstok-toevoegen")
        adding.locator("summary").click()
        form = adding.locator("form")
        for field_ in form.locator("input[type=text], textarea").all():
            field_.fill("")
        form.locator("button[type=submit]").click()
        # htmx puts the part back with the errors in place; the page itself stays.
        summary = page.locator(f"#deel-{part} .utrecht-alert--error")
        summary.wait_for()
        assert page.locator(f"#deel-{part} .utrecht-form-field--invalid").count() > 0, f"{stap}: no field marked"
        checker.check_current(f"kader {stap} (met fouten)")
    finally:
        context.close()
    assert not checker.problems, "\n\n".join(checker.problems)


# The start page in the kader's other states (the sweep above sees a started concept only).
def _kader_adopted_and_a_new_concept(personas: Any) -> None:
    from kader import services
    from kader.tests.test_views import adopted_version
    from lib import tenancy

    adopted = adopted_version(personas)
    coordinator = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=coordinator.user_id):
        services.new_version(by=coordinator, from_version=adopted)


def _kader_submitted(personas: Any) -> None:
    from kader.tests.test_views import submitted_version

    submitted_version(personas)


START_PAGE_STATES: list[tuple[str, Any, str]] = [  # persona, how to get there, what the page then shows
    ("coordinator", lambda personas: None, "Kader starten"),
    ("bestuurder", _kader_submitted, "Vaststelling van versie 1 vastleggen"),
    ("coordinator", _kader_adopted_and_a_new_concept, "Volgende stap"),
    ("auditor", _kader_adopted_and_a_new_concept, "Versie 1 (geldend)"),
]


@pytest.mark.parametrize(("persona", "prepare", "shown"), START_PAGE_STATES, ids=[s for _, _, s in START_PAGE_STATES])
def test_the_start_page_in_each_state_of_the_kader_has_no_axe_violations(
    persona: str, prepare: Any, shown: str, personas: Any, live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    prepare(personas)
    client = logged_in_client(personas.user(persona))
    context = browser_context(browser, client, live_server.url)
    checker = PageChecker(context)
    try:
        checker.visit(reverse("dashboard:home"))
        assert shown in checker.page.content()
    finally:
        context.close()
    assert not checker.problems, "\n\n".join(checker.problems)


# The page of a background task in its other states (the sweep above sees a running one with a total).
def _taak_fields(state: str) -> dict[str, Any]:
    from django.utils import timezone

    from background.models import Status

    now = timezone.now()
    return {
        "wachtrij": {},
        "bezig zonder totaal": {"status": Status.BEZIG, "voortgang": 40, "stap": "Bestand lezen", "started_at": now},
        "klaar": {
            "status": Status.KLAAR,
            "voortgang": 8,
            "totaal": 8,
            "resultaat": {"url": "/taken", "label": "Naar alle taken"},
            "started_at": now,
            "finished_at": now,
        },
        "mislukt": {"status": Status.MISLUKT, "foutmelding": "Regel 12 heeft geen jaartal.", "finished_at": now},
    }[state]


@pytest.mark.parametrize("state", ["wachtrij", "bezig zonder totaal", "klaar", "mislukt"])
def test_the_page_of_a_background_task_in_each_state_has_no_axe_violations(
    state: str, personas: Any, live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    taak = factories.make_taak(personas.members["coordinator"], **_taak_fields(state))
    client = logged_in_client(personas.user("coordinator"))
    context = browser_context(browser, client, live_server.url)
    checker = PageChecker(context)
    try:
        checker.visit(taak.get_absolute_url())
        assert taak.titel in checker.page.content()
    finally:
        context.close()
    assert not checker.problems, "\n\n".join(checker.problems)
