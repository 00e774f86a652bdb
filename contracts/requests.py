"""Starting a contract change, by the tenant in the portal or by staff for them (phone, letter). Each is a
process with its tickets.ChangeRequest (old and new values side by side, what staff approve and the ERP
books); nothing is stored when the input is refused.

    name_change_start(*, party, actor, last_name, first_name="", proofs=()) -> ContractChange
    move_in_start(*, party, actor, first_name, last_name, email, relation, effective_date,
                  birth_date=None, salutation="", ip_address=None, user_agent="") -> ContractChange
    move_out_start(*, party, actor, leaving, effective_date, ip_address=None, user_agent="") -> ContractChange
    contact_start(*, party, actor, name, scope, basis, street="", postcode="", city="", email="",
                  phone="") -> ContractChange
    contract_parties(party) -> (Tenancy, [Party])     the tenancy and every tenant of its contract
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from estate.models import Party, Tenancy
from processes import engine, signatures
from processes.models import Role
from processes.notice import co_tenants, current_tenancy
from tickets.actors import Actor
from tickets.attachments import attachment_store
from tickets.change_requests import change_request_create
from tickets.models import ChangeRequest

from . import standard
from .consent import change_line, consent_texts, relation_word
from .errors import AlreadyTenant, ChangePending, DateInPast, EmailTaken, LastTenant, NoTenancy, WrongPerson
from .models import ContactPerson, ContractChange

TEMPLATE_OF = {
    ContractChange.Kind.NAME: standard.NAME,
    ContractChange.Kind.MOVE_IN: standard.MOVE_IN,
    ContractChange.Kind.MOVE_OUT: standard.MOVE_OUT,
    ContractChange.Kind.CONTACT: standard.CONTACT,
}


def contract_parties(party: Party) -> tuple[Tenancy, list[Party]]:
    """The party's current tenancy and every tenant of that contract, the party first."""
    tenancy = current_tenancy(party)
    if tenancy is None:
        raise NoTenancy()
    return tenancy, [party, *co_tenants(tenancy)]


def _lock_contract(tenancy: Tenancy, kind: str) -> None:
    """One open change of a kind per contract: the unit's tenancies are locked while we look."""
    list(Tenancy.objects.select_for_update().filter(unit=tenancy.unit).values_list("pk", flat=True))
    if ContractChange.objects.pending().filter(unit=tenancy.unit, kind=kind).exists():
        raise ChangePending()


def _start(
    kind: str,
    *,
    party: Party,
    actor: Actor,
    tenancy: Tenancy,
    parties: dict,
    data: dict,
    request_kind: str,
    new_values: dict,
    description: str,
    person: Party | None = None,
    texts: dict | None = None,
    **fields,
) -> ContractChange:
    """The process, its change request and the change; the form step done with the facts (and, for a
    co-tenant change, the texts everyone signs: kept before the consent step asks for them)."""
    process = engine.start(
        TEMPLATE_OF[kind],
        actor=actor,
        reporter_party=party,
        parties=parties,
        unit=tenancy.unit,
        description=description,
    )
    request = change_request_create(
        party=party, kind=request_kind, new_values=new_values, ticket=process.ticket, actor=actor
    )
    change = ContractChange.objects.create(
        process=process,
        kind=kind,
        tenancy=tenancy,
        unit=tenancy.unit,
        requested_by=party,
        person=person,
        change_request=request,
        **fields,
    )
    facts = {"contract_change": data, **({"consent_texts": texts} if texts else {})}
    engine.complete(process, standard.FORM, actor=actor, data=facts)
    return change


# --- Namensänderung ---------------------------------------------------------------------------------


@transaction.atomic
def name_change_start(
    *, party: Party, actor: Actor, last_name: str, first_name: str = "", proofs=()
) -> ContractChange:
    """The new name waits for staff with its proof (checked files, contracts.proof) on the ticket.
    Raises ValidationError without a surname."""
    tenancy, _tenants = contract_parties(party)
    last_name, first_name = " ".join(last_name.split()), " ".join(first_name.split())
    if not last_name:
        raise ValidationError(_("Bitte geben Sie den neuen Nachnamen an."), code="last_name_required")
    if not proofs:
        raise ValidationError(
            _("Bitte laden Sie einen Nachweis hoch, z. B. die Heiratsurkunde."), code="proof_required"
        )
    _lock_contract(tenancy, ContractChange.Kind.NAME)
    new_values = {
        "salutation": party.salutation,
        "first_name": first_name or party.first_name,
        "last_name": last_name,
    }
    data = {
        "kind": "name",
        "old": party.display_name,
        "new": f"{new_values['first_name']} {last_name}".strip(),
    }
    with translation.override("de"):
        description = _("Namensänderung: %(old)s → %(new)s") % data
    change = _start(
        ContractChange.Kind.NAME,
        party=party,
        actor=actor,
        tenancy=tenancy,
        parties={Role.TENANT: party},
        data=data,
        request_kind=ChangeRequest.Kind.NAME,
        new_values=new_values,
        description=description,
    )
    for proof in proofs:
        attachment_store(
            ticket=change.process.ticket,
            content=proof.content,
            name=proof.name,
            content_type=proof.content_type,
            actor=actor,
            is_public=True,
            thumbnail=getattr(proof, "thumbnail", b""),
        )
    return change


# --- Mitmieter: Aufnahme und Entlassung --------------------------------------------------------------


def _check_date(day: dt.date) -> None:
    if day < timezone.localdate():
        raise DateInPast()


def _sign_request(change: ContractChange, party: Party, *, ip_address, user_agent) -> None:
    """The tenant who asks agrees by asking: their signature of the same text the others sign."""
    process = change.process
    language = party.language or "de"
    texts = process.data["consent_texts"]
    signatures.sign(
        texts.get(language, texts["de"]).encode(),
        document_label=f"{process.template.name_de} {process.ticket.reference} ({language})",
        signer_name=party.display_name,
        role=Role.TENANT,
        party=party,
        process=process,
        step=process.steps.filter(template__code=standard.FORM).first(),
        ip_address=ip_address,
        user_agent=user_agent,
    )


def _co_tenant_change(
    kind: str,
    *,
    party: Party,
    actor: Actor,
    tenancy: Tenancy,
    tenants: list[Party],
    person: Party,
    tenants_after: list[Party],
    effective_date: dt.date,
    relation: str = "",
    birth_date: dt.date | None = None,
    ip_address=None,
    user_agent: str = "",
) -> ContractChange:
    data = {
        "kind": kind,
        "person_name": person.display_name,
        "person_salutation": person.salutation,
        "person_email": person.email,
        "relation": relation,
        "effective_date": effective_date.isoformat(),
        "place": str(tenancy.unit),
        "contract_number": tenancy.contract_number,
        "tenants_before": [p.display_name for p in tenants],
        "tenants_after": [p.display_name for p in tenants_after],
    }
    with translation.override("de"):
        data["relation_label"] = relation_word(relation, person.salutation)
        description = change_line(data)
    # Everyone of the contract and the person coming or going consents by link; the tenant who asks in
    # the portal has agreed by asking, one whom staff enter it for agrees by link too.
    asks_themselves = actor.party is not None and actor.party.pk == party.pk
    consenting = [p for p in dict.fromkeys([*tenants, person]) if not (asks_themselves and p.pk == party.pk)]
    change = _start(
        kind,
        party=party,
        actor=actor,
        tenancy=tenancy,
        parties={Role.TENANT: party, Role.CO_TENANT: consenting},
        data=data,
        request_kind=ChangeRequest.Kind.CONTRACT,
        new_values={
            "change": kind,
            # What the ERP needs to book it: the contract and the person by our id (the incoming one has
            # no number of theirs yet).
            "contract_number": tenancy.contract_number,
            "unit": tenancy.unit.external_id or tenancy.unit.number,
            "person_id": person.pk,
            "person": person.display_name,
            "email": person.email,
            "date": effective_date.isoformat(),
            **({"relation": relation} if relation else {}),
        },
        description=description,
        person=person,
        relation=relation,
        birth_date=birth_date,
        effective_date=effective_date,
        texts=consent_texts(data),
    )
    if asks_themselves:
        _sign_request(change, party, ip_address=ip_address, user_agent=user_agent)
    return change


def _same_name(party: Party, first_name: str, last_name: str) -> bool:
    def words(value: str) -> str:
        return " ".join(value.split()).casefold()

    return words(party.first_name) == words(first_name) and words(party.last_name) == words(last_name)


def _known_person(email: str, first_name: str, last_name: str, *, actor: Actor) -> Party | None:
    """The person of ours with this e-mail address (a former tenant, someone who reported a fault): they
    move in as themselves, never as a second person. The address with another name is refused: for the
    tenant without saying whose it is, for staff with the person as stored."""
    known = list(Party.objects.filter(email__iexact=email).order_by("pk"))
    if not known:
        return None
    for person in known:
        if _same_name(person, first_name, last_name):
            return person
    if actor.is_staff:
        raise EmailTaken(
            _(
                "Zu dieser E-Mail-Adresse ist bereits %(name)s (Person %(number)s) hinterlegt. Tragen Sie "
                "den Namen so ein, wenn es dieselbe Person ist; sonst prüfen Sie die E-Mail-Adresse."
            )
            % {"name": known[0].display_name, "number": known[0].number or known[0].pk}
        )
    raise EmailTaken()


@transaction.atomic
def move_in_start(
    *,
    party: Party,
    actor: Actor,
    first_name: str,
    last_name: str,
    email: str,
    relation: str,
    effective_date: dt.date,
    birth_date: dt.date | None = None,
    salutation: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
) -> ContractChange:
    """A spouse, partner or other person joins the contract from `effective_date`. A person of ours with
    that e-mail address and name moves in as themselves; anyone else gets a party of their own now (to
    receive their consent link). Their tenancy begins only once staff approve."""
    tenancy, tenants = contract_parties(party)
    first_name, last_name, email = " ".join(first_name.split()), " ".join(last_name.split()), email.strip()
    if not first_name or not last_name:
        raise ValidationError(_("Bitte geben Sie Vor- und Nachnamen der Person an."), code="name_required")
    if not email:
        raise ValidationError(
            _("Bitte geben Sie die E-Mail-Adresse der Person an; sie erhält den Link zur Zustimmung."),
            code="email_required",
        )
    if relation not in ContractChange.Relation.values:
        raise ValidationError(_("Bitte wählen Sie die Beziehung."), code="relation")
    _check_date(effective_date)
    if any(p.email and p.email.lower() == email.lower() for p in tenants):
        raise AlreadyTenant()
    _lock_contract(tenancy, ContractChange.Kind.MOVE_IN)
    person = _known_person(email, first_name, last_name, actor=actor) or Party.objects.create(
        salutation=salutation if salutation in {"Frau", "Herr"} else "",
        first_name=first_name,
        last_name=last_name,
        email=email,
        language=party.language,
    )
    return _co_tenant_change(
        ContractChange.Kind.MOVE_IN,
        party=party,
        actor=actor,
        tenancy=tenancy,
        tenants=tenants,
        person=person,
        tenants_after=[*tenants, person],
        effective_date=effective_date,
        relation=relation,
        birth_date=birth_date,
        ip_address=ip_address,
        user_agent=user_agent,
    )


@transaction.atomic
def move_out_start(
    *,
    party: Party,
    actor: Actor,
    leaving: Party,
    effective_date: dt.date,
    ip_address: str | None = None,
    user_agent: str = "",
) -> ContractChange:
    """`leaving` (the tenant themselves or another tenant of the contract) leaves it on `effective_date`;
    the others stay. Refused for someone not on the contract and for the last tenant."""
    tenancy, tenants = contract_parties(party)
    if leaving.pk not in {p.pk for p in tenants}:
        raise WrongPerson()
    if len(tenants) < 2:
        raise LastTenant()
    _check_date(effective_date)
    _lock_contract(tenancy, ContractChange.Kind.MOVE_OUT)
    return _co_tenant_change(
        ContractChange.Kind.MOVE_OUT,
        party=party,
        actor=actor,
        tenancy=tenancy,
        tenants=tenants,
        person=leaving,
        tenants_after=[p for p in tenants if p.pk != leaving.pk],
        effective_date=effective_date,
        ip_address=ip_address,
        user_agent=user_agent,
    )


# --- Ansprechpartner / Zustellbevollmächtigte -------------------------------------------------------


@transaction.atomic
def contact_start(
    *,
    party: Party,
    actor: Actor,
    name: str,
    scope: str,
    basis: str,
    street: str = "",
    postcode: str = "",
    city: str = "",
    email: str = "",
    phone: str = "",
) -> ContractChange:
    """A contact person for the tenancy waits for staff; one who is to receive our post needs an
    address for the letter's window."""
    tenancy, _tenants = contract_parties(party)
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Bitte geben Sie den Namen der Person an."), code="name_required")
    if scope not in ContactPerson.Scope.values:
        raise ValidationError(_("Bitte wählen Sie, wofür die Person zuständig ist."), code="scope")
    if basis not in ContactPerson.Basis.values:
        raise ValidationError(_("Bitte wählen Sie die Grundlage."), code="basis")
    address = {
        "street": " ".join(street.split()),
        "postcode": postcode.strip(),
        "city": " ".join(city.split()),
    }
    if scope != ContactPerson.Scope.CONTACT and not (address["street"] and address["city"]):
        raise ValidationError(
            _("Wer unsere Post erhalten soll, braucht eine Anschrift (Straße, PLZ und Ort)."), code="address"
        )
    if not (email.strip() or phone.strip() or address["street"]):
        raise ValidationError(
            _("Bitte geben Sie an, wie wir die Person erreichen (E-Mail, Telefon oder Anschrift)."),
            code="reach",
        )
    _lock_contract(tenancy, ContractChange.Kind.CONTACT)
    values = {
        "name": name,
        **address,
        "email": email.strip(),
        "phone": phone.strip(),
        "scope": scope,
        "basis": basis,
    }
    with translation.override("de"):
        description = _("Ansprechperson: %(name)s (%(scope)s)") % {
            "name": name,
            "scope": ContactPerson.Scope(scope).label,
        }
    return _start(
        ContractChange.Kind.CONTACT,
        party=party,
        actor=actor,
        tenancy=tenancy,
        parties={Role.TENANT: party},
        data={"kind": "contact", **values},
        request_kind=ChangeRequest.Kind.CONTRACT,
        new_values={"change": "contact", **values},
        description=description,
    )
