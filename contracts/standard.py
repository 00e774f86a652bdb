"""The contract change templates, installed by migration contracts 0002 through processes.standard's
installer (admins may rename them and change deadlines later; the step codes are stable, contracts keys on
them). Each gets a catalog item of its own under Vertragsanliegen → Vertragsänderungen, not offered in the
report form (the portal's "Mein Mietvertrag" starts them), so its ticket is routed to the responsible team.

namensaenderung (Namensänderung):            request_form, approval (yes / no → end)
mitmieter_aufnahme (Aufnahme eines Mitmieters): request_form, co_tenant_consent (every tenant of the contract
                                               and the incoming person; agreed / refused → approval),
                                               approval (yes / no → end)
mitmieter_entlassung (Entlassung aus dem Mietvertrag): as mitmieter_aufnahme, for the leaving person
ansprechpartner (Ansprechpartner / Zustellbevollmächtigte):  request_form, approval (yes / no → end)

The consent step keeps the code of the Kündigung's (`co_tenant_consent`): the one consent by signed,
expiring link (processes.notice_consent) serves both.
"""

from processes.standard import install_in_catalog, step

T, CT, CW = "tenant", "co_tenant", "case_worker"
TENANTS = [T, CT]

NAME, MOVE_IN, MOVE_OUT, CONTACT = (
    "namensaenderung",
    "mitmieter_aufnahme",
    "mitmieter_entlassung",
    "ansprechpartner",
)
FORM, CONSENT, APPROVAL = "request_form", "co_tenant_consent", "approval"

# (code, de, en, nl, description, tenant_may_start, catalog item code)
TEMPLATES = [
    (
        NAME,
        "Namensänderung",
        "Change of name",
        "Naamswijziging",
        "Neuer Name (z. B. nach einer Heirat) mit Nachweis; die Sachbearbeitung prüft und übernimmt ihn.",
        True,
        "VA-NAME",
    ),
    (
        MOVE_IN,
        "Aufnahme eines Mitmieters",
        "A co-tenant moves in",
        "Toevoeging medehuurder",
        "Ehe- oder Lebenspartnerin, Ehe- oder Lebenspartner oder eine weitere Person tritt in den "
        "Mietvertrag ein; alle Mietparteien stimmen zu, Nachtrag zum Mietvertrag.",
        True,
        "VA-MITMIETER-EIN",
    ),
    (
        MOVE_OUT,
        "Entlassung aus dem Mietvertrag",
        "A co-tenant leaves the contract",
        "Ontslag uit de huurovereenkomst",
        "Eine Mietpartei scheidet aus dem Mietvertrag aus; alle stimmen zu, Nachtrag zum Mietvertrag.",
        True,
        "VA-MITMIETER-AUS",
    ),
    (
        CONTACT,
        "Ansprechpartner / Zustellbevollmächtigte",
        "Contact person / authorised recipient",
        "Contactpersoon / gemachtigde",
        "Betreuung, Bevollmächtigte oder Angehörige als Ansprechperson oder Empfänger der Post.",
        True,
        "VA-ANSPRECHPARTNER",
    ),
]


def _form(de: str, en: str, nl: str) -> dict:
    return step(FORM, "form", T, de, en, nl, visible=TENANTS)


def _consent() -> dict:
    return step(
        CONSENT,
        "consent",
        CT,
        "Zustimmung aller Beteiligten",
        "Everyone's consent",
        "Instemming van alle betrokkenen",
        visible=TENANTS,
        days=14,
        outcomes={"agreed": APPROVAL, "refused": APPROVAL},
        optional=True,
    )


def _approval() -> dict:
    return step(
        APPROVAL,
        "decision",
        CW,
        "Prüfung und Freigabe",
        "Review and approval",
        "Beoordeling en goedkeuring",
        visible=TENANTS,
        days=5,
        outcomes={"yes": "end", "no": "end"},
    )


STEPS = {
    NAME: [_form("Neuer Name und Nachweis", "New name and proof", "Nieuwe naam en bewijs"), _approval()],
    MOVE_IN: [
        _form("Neue Mietpartei", "The incoming co-tenant", "De nieuwe medehuurder"),
        _consent(),
        _approval(),
    ],
    MOVE_OUT: [
        _form("Ausscheidende Mietpartei", "The leaving tenant", "De vertrekkende huurder"),
        _consent(),
        _approval(),
    ],
    CONTACT: [
        _form("Ansprechperson und Umfang", "Contact person and scope", "Contactpersoon en reikwijdte"),
        _approval(),
    ],
}

GROUP = ("vertragsaenderungen", "Vertragsänderungen", "Contract changes", "Contractwijzigingen")


def install(apps) -> None:
    """Create what does not exist yet (templates, steps, their catalog items); what an admin changed stays.
    Takes the migration's `apps`, so it runs with the historical models."""
    install_in_catalog(apps, group=GROUP, position=80, templates=TEMPLATES, steps=STEPS)


CODES = {NAME, MOVE_IN, MOVE_OUT, CONTACT}
