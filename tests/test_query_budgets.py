"""Every page has a query budget, and it does not grow with the amount of data."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from acties.tests import world as acties_world
from incidenten.tests import world as incidenten_world
from lib import tenancy
from oefenen.tests import world as oefenen_world
from pdca.tests import world as pdca_world
from quickscan.tests import world as quickscan_world
from risicos.tests import world as risicos_world
from tests import factories
from tests.routes import Route, swept_routes, url_for

# Every authenticated request costs BASE queries: session, user, savepoint (the request's
# transaction inside the test's), tenancy set_config, active membership with gemeente, release.
# (The session is written to slide its idle timeout at most once a minute: the warm-up request
# before each count does that.)
BASE = 6

# url name -> (persona, queries); the comment names what the page adds to BASE.
QUERY_BUDGETS: dict[str, tuple[str, int]] = {
    # the revision (the blocks are kept per revision); kader versions (open, adopted); for the concept,
    # kader.progress.steps: checklist, undecided laws, a relevant goal, an uitgangspunt, the two gap
    # lists, undescribed phases, a responsibility; risicos.stand (matrix, risks per level, expiring
    # acceptances, measures per status); ivp.programma.koers (plan, programme, goals, their latest
    # measurements (2), the programme's action counts); acties.stand; incidenten.stand;
    # pdca.stand (counts per phase, the next activity); oefenen.stand (exercises per status, participation);
    # quickscan.stand (the two latest completed scans, their sums per theme);
    # the last 5 actions (the table of actions), the contexts of their first changes and the people in those
    "dashboard:home": ("coordinator", BASE + 31),
    "accounts:login": ("anonymous", 3),  # session lookup, savepoint, release (tenancy bind)
    "accounts:logout": ("coordinator", 22),  # axes log update, security event (bind/insert/restore), session delete
    "accounts:profile": ("coordinator", BASE + 1),  # own memberships in every gemeente
    "accounts:switch_gemeente": ("coordinator", BASE),  # (POST without choice: message only)
    "organisations:members": ("coordinator", BASE + 3),  # member count, page of members+user+partner, invitations
    "organisations:invite": ("coordinator", BASE + 1),  # partner choices
    "organisations:member_edit": ("coordinator", BASE + 2),  # member+user+partner, partner choices
    "organisations:member_remove": ("coordinator", BASE + 1),  # member+user+partner
    "organisations:invitation_revoke": ("coordinator", BASE + 2),  # invitation, delete (+ history trigger)
    "organisations:partners": ("coordinator", BASE + 1),  # partners
    "organisations:gemeente_settings": ("coordinator", BASE),  # gemeente comes with the membership
    "organisations:theme_css": ("melder", BASE),
    "organisations:logo": ("melder", BASE + 1),  # logo bytes
    "organisations:platform_gemeenten": ("platform_admin", BASE + 2),  # no membership: rebind, gemeenten
    "accounts:mfa": ("coordinator", BASE + 1),  # own confirmed TOTP device
    "accounts:mfa_setup": ("coordinator", BASE + 2),  # unconfirmed device of this user (get or create)
    "accounts:mfa_verify": ("coordinator", BASE + 1),  # the user's devices
    "accounts:mfa_disable": ("coordinator", BASE + 1),  # the confirmed TOTP device
    "accounts:password_change": ("coordinator", BASE),
    "accounts:logout_everywhere": ("coordinator", BASE),
    "accounts:tokens": ("coordinator", BASE + 1),  # own tokens in this gemeente
    "accounts:token_create": ("coordinator", BASE),
    "accounts:token_revoke": ("coordinator", BASE + 1),  # the token
    # the revision (the page is kept per revision); action count, page of actions (the table of actions),
    # their changes (the ids of the first of each, then those with their diffs, over the history tables
    # they touched), the people and related rows on the page (one query)
    "audit:history": ("coordinator", BASE + 6),
    # events (CTE, capped), people and related rows, export event INSERT
    "audit:history_export": ("coordinator", BASE + 3),
    "audit:security_log": ("coordinator", BASE + 2),  # count, page of events + user
    "audit:security_log_export": ("coordinator", BASE + 2),  # events + user, export event INSERT
    # versions; for the open version: progress, and what is missing (undecided laws, a relevant goal,
    # an uitgangspunt, the two gap lists, undescribed phases, a responsibility); what the apps above took
    # up into the open version (kader.hooks: pdca's findings, one query)
    "kader:overview": ("coordinator", BASE + 10),
    # exists check, version INSERT, 5 bulk INSERTs of the starting sets (+ history), the service's savepoint
    "kader:start": ("coordinator", BASE + 9),
    "kader:compare": ("coordinator", BASE + 1),  # versions (no choice made yet)
    # activity + version; versioned UPDATE in the view's and the service's savepoint
    "kader:activity": ("coordinator", BASE + 6),
    "kader:adopt_example": ("coordinator", BASE + 1),  # version (no example posted: refused)
    "kader:adopt_examples": ("coordinator", BASE + 1),  # version (no part posted: refused)
    "kader:new_version": ("coordinator", BASE + 2),  # version, open-version check (refused)
    # version, the 7 checks of what is missing; then the overview with the list: versions, progress, 7 checks,
    # the findings pdca took up into the open version (kader.hooks)
    "kader:submit": ("coordinator", BASE + 18),
    "kader:adopt": ("bestuurder", BASE + 1),  # version
    "kader:step": ("coordinator", BASE + 2),  # version, activities of the step + who did them
    "kader:send_back": ("coordinator", BASE + 1),  # version (a concept: refused)
    # version; empty form refused: the scope page again (activities, mensgroepen, deelplannen, wetten)
    "kader:part_add": ("coordinator", BASE + 5),
    "kader:part_edit": ("coordinator", BASE + 1),  # row + version (the edit page)
    "kader:part_row": ("coordinator", BASE + 1),  # row + version (without htmx: back to the step page)
    "kader:part_delete": ("coordinator", BASE + 1),  # row + version (confirmation page)
    "kader:deelplan_file": ("coordinator", BASE + 1),  # the plan with its file
    # version + gemeente + based-on, render slot (taken first), own template, 8 parts, slot again (re-entrant)
    "kader:document_docx": ("coordinator", BASE + 12),
    "kader:document_pdf": ("coordinator", BASE + 11),  # version + gemeente + based-on, slot, 8 parts, slot again
    "kader:template": ("coordinator", BASE + 1),  # own template (no bytes) + uploader
    "kader:template_download": ("coordinator", BASE + 1),  # own template name and bytes
    "kader:template_delete": ("coordinator", BASE + 1),  # own template (no bytes) + uploader
    "background:taak": ("coordinator", BASE + 1),  # the task + who started it (membership, user)
    "background:taken": ("coordinator", BASE + 2),  # task count, a page of tasks + who started each
    # ivp: analyse
    # the gemeente's revision (lib.revisions: a test's transaction has written, so every page here is rendered,
    # not taken from the cache); shown themes + veld, their indicators, the latest four years of each indicator
    # (grouped per year), population
    "ivp:analyse": ("coordinator", BASE + 5),
    # theme + veld; its indicators, their yearly figures (grouped per year), population, the goals measuring with
    # them + plan, the top wijken and buurten of the imported indicators
    "ivp:analyse_thema": ("coordinator", BASE + 6),
    "ivp:indicator_add": ("coordinator", BASE + 1),  # theme + veld
    "ivp:indicator_edit": ("coordinator", BASE + 2),  # indicator + theme + veld, the themes to move to + veld
    "ivp:indicator_delete": ("coordinator", BASE + 1),  # indicator + theme + veld (confirmation page)
    "ivp:meting_add": ("coordinator", BASE + 3),  # indicator + theme + veld, number of figures, a page of them
    "ivp:meting_delete": ("coordinator", BASE + 1),  # figure + indicator + theme + veld (confirmation page)
    "ivp:indicator_gebieden": ("coordinator", BASE + 3),  # indicator + theme + veld, number of areas, a page
    "ivp:inwoners": ("coordinator", BASE + 1),  # the population per year
    "ivp:koppelingen": ("coordinator", BASE + 2),  # the police codes + theme + veld, the themes + veld to choose
    # ivp: import
    "ivp:import": ("coordinator", BASE + 1),  # the five latest imports
    "ivp:import_detail": ("coordinator", BASE + 1),  # the import + its task
    # import + task; storing: the code mapping, the police indicators, a bulk INSERT of the new ones, the
    # figures (a temporary table, COPY into it, one INSERT … ON CONFLICT per 20,000, DROP) and the import's
    # UPDATE, in savepoints
    "ivp:import_confirm": ("coordinator", BASE + 16),
    "ivp:import_cancel": ("coordinator", BASE + 2),  # import + task, DELETE (+ history trigger)
    # ivp: plan
    "ivp:overzicht": ("coordinator", BASE + 2),  # every version, the steps of the open and the adopted one
    "ivp:start": ("coordinator", BASE + 1),  # (POST without a year: the overview again) every version
    "ivp:plan": ("coordinator", BASE + 2),  # plan, its steps
    "ivp:stap": ("coordinator", BASE + 2),  # plan, the step
    # plan; the CCV check: priorities + themes, goals + themes + indicators, whether any figure exists
    # (no priority chosen yet; with priorities: their figures and their actions instead, one query more)
    "ivp:checklist": ("coordinator", BASE + 4),
    "ivp:submit": ("coordinator", BASE + 4),  # plan; the CCV check as on ivp:checklist
    "ivp:send_back": ("coordinator", BASE + 1),  # plan (a concept: refused)
    "ivp:adopt": ("bestuurder", BASE + 1),  # plan (a concept: no form)
    "ivp:new_plan": ("coordinator", BASE + 2),  # plan, the version being worked on
    # ivp: themas
    # velden, themes
    "ivp:themas": ("coordinator", BASE + 2),
    # theme + veld, its indicators, its links to the kader (+ goal or uitgangspunt + version), the goals and
    # uitgangspunten of the adopted and open kader versions to link; the risks and measures the theme points
    # to (risicos.themas.section, ivp.extensions.THEMA_SECTIONS)
    "ivp:thema": ("coordinator", BASE + 7),
    # theme + veld, its links, goals and uitgangspunten to link; empty form refused: the theme page (indicators,
    # links)
    "ivp:thema_link": ("coordinator", BASE + 8),
    # link + theme + veld + goal + kader version (confirmation page)
    "ivp:thema_unlink": ("coordinator", BASE + 1),
    # veld (the edit page)
    "ivp:veld_edit": ("coordinator", BASE + 1),
    # veld (the add page)
    "ivp:thema_add": ("coordinator", BASE + 1),
    # plan, the priorities of its shown themes + theme + veld, the plan's closed bijeenkomsten (their results
    # are one more query when there are any: bijeenkomsten.prioritering)
    "ivp:prioriteiten": ("coordinator", BASE + 3),
    # plan; empty form refused: the priorities page (plan again, priorities + theme + veld, closed bijeenkomsten)
    "ivp:gewichten": ("coordinator", BASE + 4),
    # priority + plan + theme + veld (the edit page)
    "ivp:prioritering_edit": ("coordinator", BASE + 1),
    # plan, the priority themes + veld, the goals + theme + veld + indicator
    "ivp:doelen": ("coordinator", BASE + 3),
    # plan, themes + veld, the priorities of the plan, indicators + theme
    "ivp:doel_add": ("coordinator", BASE + 4),
    # goal + plan + theme + veld + indicator, themes + veld, the priorities of the plan, indicators + theme
    "ivp:doel_edit": ("coordinator", BASE + 4),
    # goal + plan + theme + veld + indicator (confirmation page)
    "ivp:doel_delete": ("coordinator", BASE + 1),
    # ivp: programma
    "ivp:programmas": ("coordinator", BASE + 2),  # programmes with plan and counts (one query), the plans
    "ivp:programma_start": ("coordinator", BASE + 2),  # the plans; empty form refused: the programmes again
    # programme + plan, the gemeente's revision, count, the ids of the page and its actions (theme, veld,
    # organisation, goal, origin, flags joined), the totals, the themes and the partner organisations of the filter form
    "ivp:programma": ("coordinator", BASE + 8),
    "ivp:programma_adopt": ("bestuurder", BASE + 1),  # programme + plan
    # programme + plan, the actions with everything shown, the security log entry (with the history context)
    "ivp:programma_export": ("coordinator", BASE + 3),
    "ivp:actie_add": ("coordinator", BASE + 4),  # programme + plan, the form's themes, goals of the plan, partners
    # the action with programme, plan, theme, veld, organisation, goal, origin and flags; the form's themes,
    # goals of the plan and partner organisations
    "ivp:actie": ("coordinator", BASE + 4),
    "ivp:actie_delete": ("coordinator", BASE + 1),  # the action with everything shown
    # the gemeente's revision; plan, programme, themes, goals, the ids of their latest measurements and those
    # measurements, action counts per theme, the first late and the first stalled actions
    "ivp:monitoring": ("coordinator", BASE + 10),
    # ivp: documenten
    # plan + gemeente + based-on, render slot (taken first), own template, priorities, goals, the priority
    # themes' indicators, their latest figures (ids, figures), slot again (re-entrant)
    "ivp:document_docx": ("coordinator", BASE + 9),
    # plan, slot, priorities, goals, indicators, latest figures (ids, figures), the charts' figures; the
    # infographic: priorities, their goals, partners on actions (with goals on priorities: their latest figures
    # and series, 3 more); slot again
    "ivp:document_pdf": ("coordinator", BASE + 12),
    # plan, its programmes, slot, own template, tiers, goals, latest figures (ids, figures), the year's actions,
    # slot again
    "ivp:rapportage_docx": ("coordinator", BASE + 10),
    "ivp:rapportage_pdf": ("coordinator", BASE + 9),  # plan, programmes, slot, tiers, goals, latest (2), actions, slot
    # plan + gemeente, priorities, their goals, partners on actions (with goals on priorities: their latest
    # figures and the key figures' series, 2 more; without partners on actions: all partners, 1 more)
    "ivp:infographic": ("coordinator", BASE + 4),
    "ivp:infographic_svg": ("coordinator", BASE + 4),  # the same
    "ivp:infographic_png": ("coordinator", BASE + 5),  # plan, render slot, priorities, goals, partners
    "ivp:programma_docx": ("coordinator", BASE + 5),  # programme + plan + gemeente, slot, own template, actions, slot
    "ivp:programma_pdf": ("coordinator", BASE + 4),  # programme + plan + gemeente, slot, actions, slot
    "ivp:sjabloon": ("coordinator", BASE + 1),  # the own templates of the three kinds (no bytes) + uploaders
    "ivp:sjabloon_download": ("coordinator", BASE + 1),  # the own template's name and bytes
    "ivp:sjabloon_delete": ("coordinator", BASE + 1),  # the own template (no bytes) + uploader
    # bijeenkomsten
    "bijeenkomsten:list": (
        "coordinator",
        BASE + 2,
    ),  # the sessions with plan and participant count, the plans of the form
    "bijeenkomsten:new": ("coordinator", BASE + 2),  # (empty form refused) the list again: sessions, plans
    "bijeenkomsten:detail": (
        "coordinator",
        BASE + 5,
    ),  # session + plan, questions, participant count, the form's themes and actions
    "bijeenkomsten:edit": ("coordinator", BASE + 1),  # session + plan
    "bijeenkomsten:copy": ("coordinator", BASE + 1),  # session + plan (empty form refused: message and back)
    "bijeenkomsten:open": ("coordinator", BASE + 1),  # session + plan (already open: refused with a message)
    "bijeenkomsten:close": ("coordinator", BASE + 2),  # session + plan, participant count (the confirmation page)
    "bijeenkomsten:qr": ("coordinator", BASE + 1),  # session
    "bijeenkomsten:vraag_add": (
        "coordinator",
        BASE + 8,
    ),  # session; empty form refused: the session page (questions, count, themes, actions) with the form's choices validated
    "bijeenkomsten:presentatie": (
        "coordinator",
        BASE + 5,
    ),  # session + plan, questions, their answers, remarks with votes, participant count
    "bijeenkomsten:presentatie_stand": ("coordinator", BASE + 5),  # the same (htmx: without the page around it)
    "bijeenkomsten:resultaten": ("coordinator", BASE + 5),  # the same as the presenter view
    # the same as the results page, and the security log entry (with the history context)
    "bijeenkomsten:resultaten_export": ("coordinator", BASE + 6),
    # the idea with question, session, plan and action; the plan's latest programme; the form's themes, goals of
    # the plan and partner organisations
    "bijeenkomsten:inbreng_actie": ("coordinator", BASE + 5),
    # session + plan + gemeente, questions, answers, remarks with votes, participant count, the render slot
    # (taken by the download and again by the render)
    "bijeenkomsten:rapport_pdf": ("coordinator", BASE + 7),
    "bijeenkomsten:vraag_edit": ("coordinator", BASE + 3),  # question + session + plan, the form's themes and actions
    "bijeenkomsten:vraag_delete": ("coordinator", BASE + 1),  # question + session + plan
    "bijeenkomsten:overnemen": (
        "coordinator",
        BASE + 1,
    ),  # question + session + plan (session still open: refused with a message)
    "bijeenkomsten:vraag_status": (
        "coordinator",
        BASE + 1,
    ),  # question + session + plan (not open: refused with a message)
    "bijeenkomsten:inbreng_hide": (
        "coordinator",
        BASE + 4,
    ),  # remark + question, the update (+ history trigger), the session for the way back
    "bijeenkomsten:meedoen": ("anonymous", 3),  # savepoint, tenancy bind, release
    "bijeenkomsten:meedoen_code": (
        "anonymous",
        6,
    ),  # savepoint, bind, failed codes of the address, bind with the code, the session, release
    "bijeenkomsten:antwoorden": (
        "anonymous",
        5,
    ),  # savepoint, bind, bind with the code, the session, release (no cookie: back to joining)
    "bijeenkomsten:inbreng_add": ("anonymous", 5),  # the same
    "bijeenkomsten:stemmen": ("anonymous", 5),  # the same
    # risicos
    # the matrix; the revision (the page is kept per revision: lib.revisions.cached); the counts of risks,
    # the two heat maps, the gaps, the measures per status
    "risicos:overzicht": ("coordinator", BASE + 7),
    "risicos:start": ("coordinator", BASE),  # (POST without a choice: the start page again, nothing read)
    # the matrix, the revision, the owners of the filter, the count and the page of risks with threat and owner
    "risicos:risicos": ("coordinator", BASE + 5),
    "risicos:risico_add": ("coordinator", BASE + 4),  # the matrix; the form's threats, owners, assets
    # the revision; the risk + matrix + threat + owner; its assets; its acceptances; its chain (measures,
    # conflicts); the themes of veld 5 that point to it and to choose; its incidents; its exercises
    "risicos:risico": ("coordinator", BASE + 10),
    "risicos:risico_edit": ("coordinator", BASE + 5),  # the risk; the form's threats, owners, assets, its assets
    "risicos:risico_delete": ("coordinator", BASE + 1),  # the risk (confirmation page)
    "risicos:acceptatie_add": ("coordinator", BASE + 1),  # the risk + matrix
    # the revision; the kader version; its goals and uitgangspunten without a measure; the costs
    "risicos:analyse": ("coordinator", BASE + 5),
    "risicos:matrix": ("coordinator", BASE + 1),  # the versions of the matrix
    "risicos:matrix_wijzigen": ("coordinator", BASE + 1),  # the matrix (the form filled with it)
    "risicos:maatregelen": ("coordinator", BASE + 3),  # the revision, count and page of measures with owner and risks
    "risicos:maatregel_add": ("coordinator", BASE + 3),  # the matrix; the form's owners and risks
    # the measure + owner; its risks, checks, conflicts; the themes of veld 5 that point to it and to choose
    "risicos:maatregel": ("coordinator", BASE + 6),
    # (empty form refused: back to the page) the risk or measure
    "risicos:risico_thema_link": ("coordinator", BASE + 1),
    "risicos:maatregel_thema_link": ("coordinator", BASE + 1),
    # the link with its theme and risk or measure (confirmation page)
    "risicos:risico_thema_unlink": ("coordinator", BASE + 1),
    "risicos:maatregel_thema_unlink": ("coordinator", BASE + 1),
    "risicos:maatregel_edit": ("coordinator", BASE + 4),  # the measure; the form's owners, risks, its risks
    "risicos:maatregel_delete": ("coordinator", BASE + 1),  # the measure (confirmation page)
    "risicos:toets_add": ("coordinator", BASE + 6),  # (empty form refused) the measure page again
    "risicos:tegenstrijdig_add": ("coordinator", BASE + 2),  # the measure; the other measures to choose
    "risicos:bedrijfsmiddelen": ("coordinator", BASE + 2),  # count and page of assets with their risks
    "risicos:bedrijfsmiddel_add": ("coordinator", BASE),  # the empty form
    "risicos:bedrijfsmiddel": ("coordinator", BASE + 2),  # the asset, its risks
    "risicos:bedrijfsmiddel_delete": ("coordinator", BASE + 1),  # the asset (confirmation page)
    "risicos:dreigingen": ("coordinator", BASE + 1),  # the threats with their number of risks
    "risicos:dreiging_add": ("coordinator", BASE + 1),  # (empty form refused) the threats again
    "risicos:dreiging": ("coordinator", BASE + 1),  # the threat
    "risicos:dreiging_delete": ("coordinator", BASE + 1),  # the threat (confirmation page)
    # the matrix + gemeente, the render slot, the own template, the 13 of risicos.documents.document_context
    # (counts, assets, measures, acceptances, overdue reviews, two heat maps, risks, their chains (2), the
    # kader version, costs per theme and per type), the slot again for the render
    "risicos:rapportage_docx": ("coordinator", BASE + 17),
    "risicos:rapportage_pdf": ("coordinator", BASE + 16),  # the same without the own template
    "risicos:rapportage_maken": ("coordinator", BASE + 1),  # (POST without a format: refused) the matrix
    "risicos:rapportage_download": ("coordinator", BASE + 1),  # the report with its task
    "risicos:sjabloon": ("coordinator", BASE + 1),  # the own template (without its bytes) and who uploaded it
    "risicos:sjabloon_download": ("coordinator", BASE + 1),  # the own template's name and bytes
    "risicos:sjabloon_delete": ("coordinator", BASE + 1),  # the own template (confirmation page)
    # the exports: the matrix, the rows (and their links), the names of the links, the security log
    **{f"risicos:risicos_export_{formaat}": ("coordinator", BASE + 8) for formaat in ("xlsx", "csv")},
    **{f"risicos:bedrijfsmiddelen_export_{formaat}": ("coordinator", BASE + 3) for formaat in ("xlsx", "csv")},
    **{f"risicos:maatregelen_export_{formaat}": ("coordinator", BASE + 6) for formaat in ("xlsx", "csv")},
    "risicos:risicos_import": ("coordinator", BASE + 1),  # the five latest imports of the register
    "risicos:bedrijfsmiddelen_import": ("coordinator", BASE + 1),
    "risicos:maatregelen_import": ("coordinator", BASE + 1),
    "risicos:import_detail": ("coordinator", BASE + 1),  # the import + its task
    # the file checked again (matrices, members, threats, assets, risks, links) and stored (lock,
    # update, history, links)
    "risicos:import_confirm": ("coordinator", BASE + 16),
    "risicos:import_cancel": ("coordinator", BASE + 2),  # the import, DELETE (+ history trigger)
    # the open points (expiring acceptances, due reviews of the own risks, own actions due), the last reminders sent
    "herinneringen:mijn": ("coordinator", BASE + 4),
    # incidenten
    "incidenten:melden": ("melder", BASE + 3),  # the set-up; the form's kinds and assets
    "incidenten:mijn": ("melder", BASE + 2),  # count and page of the own reports with their kind
    "incidenten:mijn_incident": ("melder", BASE + 1),  # the own report with its kind and asset
    "incidenten:start": ("coordinator", BASE + 1),  # the set-up (not yet there: the form)
    # the revision (the list is kept per revision); the count and page of the reports with their kind
    "incidenten:lijst": ("coordinator", BASE + 3),
    # the report with its kind, asset and reporter; its actions; its links to risks and measures
    "incidenten:incident": ("coordinator", BASE + 4),
    "incidenten:actie": ("coordinator", BASE + 2),  # the report; the owners to choose from
    "incidenten:koppel": ("coordinator", BASE + 1),  # (POST without a choice: refused) the report
    "incidenten:ontkoppel_risico": ("coordinator", BASE + 1),  # the link with its report, kind and risk
    "incidenten:ontkoppel_maatregel": ("coordinator", BASE + 1),
    "incidenten:instellingen": ("coordinator", BASE + 2),  # the set-up, the kinds
    "incidenten:soort_nieuw": ("coordinator", BASE + 1),  # the set-up
    "incidenten:soort": ("coordinator", BASE + 1),  # the kind
    "incidenten:rode_draden": ("coordinator", BASE + 6),  # the revision, 4 grouped counts, the analyses kept
    "incidenten:analyse_nieuw": ("coordinator", BASE),  # (POST without a period: refused) the message
    "incidenten:analyse": ("coordinator", BASE + 7),  # the analysis, the revision, 4 grouped counts, its actions
    "incidenten:sjabloon": ("coordinator", BASE + 1),  # the own template (without its bytes) and who uploaded it
    "incidenten:sjabloon_download": ("coordinator", BASE + 1),  # the own template's name and bytes
    "incidenten:sjabloon_delete": ("coordinator", BASE + 1),  # the own template (confirmation page)
    "incidenten:analyse_actie": ("coordinator", BASE + 2),  # the analysis; the owners to choose from
    # the analysis, a render slot, the own template, 4 grouped counts, its actions, the slot of the render
    "incidenten:analyse_docx": ("coordinator", BASE + 9),
    "incidenten:analyse_pdf": ("coordinator", BASE + 8),  # the same without the own template
    # acties
    "acties:mijn": ("melder", BASE + 2),  # count and page of the own actions
    "acties:lijst": ("coordinator", BASE + 2),  # count and page of the actions with their owners
    "acties:actie": ("coordinator", BASE + 2),  # the action with its owner; the owners to choose from
    "acties:nieuw": ("coordinator", BASE + 1),  # the owners to choose from
    # pdca
    # the activities of the year with their owners; the kader's phases; the exercises and the quickscans of the year
    "pdca:kalender": ("coordinator", BASE + 4),
    "pdca:plannen": ("coordinator", BASE + 2),  # last year's activities with their owners; the titles the year has
    "pdca:activiteit_nieuw": ("coordinator", BASE + 1),  # the owners to choose from
    # the activity with its owner; its findings with their kader version; its actions; the owners to choose from
    "pdca:activiteit": ("coordinator", BASE + 4),
    "pdca:bevinding_nieuw": ("coordinator", BASE + 1),  # the activity with its owner
    "pdca:bevinding": ("coordinator", BASE + 1),  # the finding with its activity and kader version
    "pdca:actie": ("coordinator", BASE + 2),  # the finding with its activity and kader version; the owners
    # count and page of the findings for the kader; those taken up most recently; the kader's open and adopted version
    "pdca:act": ("coordinator", BASE + 4),
    "pdca:opnemen": ("coordinator", BASE + 1),  # (nothing chosen) the kader's open and adopted version
    # oefenen
    # the counts grouped per year, kind, theme and status; the exercises of the years shown with their scenario
    "oefenen:programma": ("coordinator", BASE + 2),
    "oefenen:oefening_nieuw": ("coordinator", BASE + 1),  # the risks to choose as scenario
    "oefenen:oefening": ("coordinator", BASE + 2),  # the exercise with its scenario; its actions
    "oefenen:oefening_wijzigen": ("coordinator", BASE + 2),  # the exercise with its scenario; the risks to choose
    "oefenen:oefening_actie": ("coordinator", BASE + 2),  # the exercise; the owners to choose from
    # the year's afdelingen, its activities (a year without afdelingen: whether the year before has any, 1 more)
    "oefenen:bewustwording": ("coordinator", BASE + 2),
    "oefenen:activiteit_nieuw": ("coordinator", BASE),  # the empty form
    "oefenen:activiteit": ("coordinator", BASE + 1),  # the activity
    "oefenen:activiteit_verwijderen": ("coordinator", BASE + 1),  # the activity (confirmation page)
    "oefenen:deelname_nieuw": ("coordinator", BASE),  # the empty form
    "oefenen:deelname": ("coordinator", BASE + 1),  # the afdeling's row
    "oefenen:deelname_verwijderen": ("coordinator", BASE + 1),  # the afdeling's row (confirmation page)
    "oefenen:nieuw_jaar": ("coordinator", BASE),  # (POST without a year: refused) the message
    # quickscan
    "quickscan:overzicht": ("coordinator", BASE + 2),  # count and page of the scans with who completed them
    "quickscan:nieuw": ("coordinator", BASE + 2),  # a concept (none), the latest completed scan
    "quickscan:ontwikkeling": ("coordinator", BASE + 3),  # the completed scans, their cells, the levels
    "quickscan:instellingen": ("coordinator", BASE + 2),  # the levels, the questions
    "quickscan:standaard": ("coordinator", BASE + 2),  # the levels, the questions (confirmation page)
    # the scan with who completed it; its cells, the previous completed scan's cells, the levels, the
    # questions, its actions
    "quickscan:scan": ("coordinator", BASE + 6),
    "quickscan:gegevens": ("coordinator", BASE + 1),  # the scan
    "quickscan:afronden": ("coordinator", BASE + 2),  # the scan, its cells without a level (confirmation page)
    "quickscan:verwijderen": ("coordinator", BASE + 1),  # the scan (confirmation page)
    "quickscan:scan_actie": ("coordinator", BASE + 2),  # the scan; the owners to choose from
    # the cell with its scan; the levels, the questions, the same cell in the previous completed scan
    "quickscan:score": ("coordinator", BASE + 4),
    "quickscan:actie": ("coordinator", BASE + 2),  # the cell with its scan; the owners to choose from
}


def _with_reminders(personas: Any, _persona: str) -> None:
    """The coördinator owns risks that are due, and was reminded of them once."""
    from herinneringen import services as herinneringen_services
    from herinneringen.tests import world as herinneringen_world

    herinneringen_world.build(personas)
    herinneringen_services.versturen(personas.gemeente_a, today=timezone.localdate(), dagen=30)


def _with_totp_device(personas: Any, role: str) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=personas.user(role), name="telefoon", confirmed=True)


# Pages that only make sense in a certain state: prepare it before logging in.
PREPARE = {
    "accounts:mfa_verify": _with_totp_device,
    "accounts:mfa_disable": _with_totp_device,
    "kader:overview": lambda personas, _persona: personas.kader_of(),
    # the kader, the risk register and the veiligheidsplan started, an activity of the PDCA cycle, an
    # exercise done and a completed quickscan, so every block reads all it can
    "dashboard:home": lambda personas, _persona: (
        personas.kader_of(),
        risicos_world.risico_pk(personas),
        personas.ivp_of(),
        pdca_world.audit(personas),
        oefenen_world.uitgevoerd(personas),
        quickscan_world.afgerond(personas),
    ),
    "background:taken": lambda personas, _persona: factories.make_taak(personas.members["coordinator"]),
    "herinneringen:mijn": _with_reminders,
    "incidenten:melden": lambda personas, _persona: incidenten_world.started(personas),
    "incidenten:mijn": lambda personas, persona: incidenten_world.melding(personas, persona),  # one to list
    "incidenten:lijst": lambda personas, _persona: incidenten_world.melding(personas),
    "incidenten:rode_draden": lambda personas, _persona: incidenten_world.melding(personas),
    "acties:mijn": lambda personas, persona: acties_world.actie(personas, eigenaar=persona),  # one to list
    "acties:lijst": lambda personas, _persona: acties_world.actie(personas),
    # oefenen: a planned and a done exercise; an activity and an afdeling this year
    "oefenen:programma": lambda personas, _persona: (
        oefenen_world.oefening(personas),
        oefenen_world.uitgevoerd(personas),
    ),
    "oefenen:bewustwording": lambda personas, _persona: (
        oefenen_world.activiteit(personas),
        oefenen_world.deelname(personas),
    ),
    # ivp: analyse
    "ivp:analyse": lambda personas, _persona: personas.ivp_of(),
    "ivp:inwoners": lambda personas, _persona: personas.ivp_of(),
    "ivp:koppelingen": lambda personas, _persona: personas.ivp_of(),
    # ivp: plan
    "ivp:overzicht": lambda personas, _persona: personas.ivp_of(),
    # ivp: themas
    "ivp:themas": lambda personas, _persona: personas.ivp_of(),
    # ivp: programma (the lists show gemeente A's plan and programme)
    "ivp:programmas": lambda personas, _persona: personas.ivp_of(),
    "ivp:programma_start": lambda personas, _persona: personas.ivp_of(),
    "ivp:monitoring": lambda personas, _persona: personas.ivp_of(),
    # risicos: the register started, with a risk (the pages of one object start it through OBJECT_FOR)
    **{
        f"risicos:{name}": lambda personas, _persona: risicos_world.risico_pk(personas)
        for name in (
            "overzicht",
            "risicos",
            "risico_add",
            "maatregelen",
            "maatregel_add",
            "bedrijfsmiddelen",
            "bedrijfsmiddel_add",
            "dreigingen",
            "matrix",
            "matrix_wijzigen",
            "rapportage_docx",
            "rapportage_pdf",
            "rapportage_maken",
            "risicos_import",
            "bedrijfsmiddelen_import",
            "maatregelen_import",
            *(
                f"{name}_export_{formaat}"
                for name in ("risicos", "bedrijfsmiddelen", "maatregelen")
                for formaat in ("xlsx", "csv")
            ),
        )
    },
    "risicos:analyse": lambda personas, _persona: (personas.kader_of(), risicos_world.risico_pk(personas)),
}

GET_ROUTES = list(swept_routes())
# Fragments for htmx that send a browser without htmx back to the page they belong to.
REDIRECTING = {"kader:part_row"}


def grow(personas: Any, n: int = 12) -> None:
    """Add data to gemeente A: members, partners, invitations, background tasks, history, and ``n`` of
    each kind of the registers: enough for a query per row to show, and past the lists that show five
    or ten before a link to the rest. The bench compares the counts again on far more data, past every
    page size (bench/queries.py)."""
    a = personas.gemeente_a
    for i in range(n):
        user = factories.make_user(f"extra{i}@aastad.example")
        member = factories.make_member(a, user, "melder")
        factories.make_taak(member, f"Import {i}")
        factories.make_partner(a, f"Partner {i}")
        factories.make_invitation(a, f"uitgenodigd{i}@aastad.example", "auditor")
    with tenancy.bound(gemeente=a.pk):
        from organisations.models import PartnerOrganisatie

        PartnerOrganisatie.objects.filter(name__startswith="Partner").update(
            name=Concat(F("name"), Value(" (gewijzigd)"))
        )
    risicos_world.grow(personas, n)
    incidenten_world.grow(personas, n)
    acties_world.grow(personas, n)
    pdca_world.grow(personas, n)
    oefenen_world.grow(personas, n)
    quickscan_world.grow(personas, n)


def _count(client: Client, url: str, method: str = "get") -> tuple[int, int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url)
    return response.status_code, len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize("route", GET_ROUTES, ids=[r.name for r in GET_ROUTES])
def test_every_page_stays_within_its_query_budget_whatever_the_data_size(personas: Any, route: Route) -> None:
    assert route.name in QUERY_BUDGETS, f"{route.name} has no query budget in tests/test_query_budgets.py"
    persona, budget = QUERY_BUDGETS[route.name]
    client = Client()
    if route.name in PREPARE:
        PREPARE[route.name](personas, persona)
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    url = url_for(route, personas, persona)
    client.get(url)  # warm-up: the first request of a session also stores the active gemeente
    status, small, _ = _count(client, url)
    if status == 405:  # an action (POST only): measured once, on the larger data set
        grow(personas)
        status, large, queries = _count(client, url, "post")
        assert status in (200, 302), (route.name, status)
    else:
        grow(personas)
        status_large, large, queries = _count(client, url)
        expected = 302 if route.name in REDIRECTING else 200
        assert status == status_large == expected or route.capability == "public", (route.name, status, status_large)
        assert small == large, f"{route.name}: {small} queries with little data, {large} with more"
    print(f"BUDGET {route.name} {large}")
    assert large == budget, f"{route.name}: {large} queries, budget {budget}:\n" + "\n".join(queries)
