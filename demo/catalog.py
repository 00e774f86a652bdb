"""The demo catalog: what tenants of a German housing company report, worded the way they say it.

Shared by `seed_demo` and the large-data generator in `bench/`, so both run on the same catalog.
"""

from dataclasses import dataclass, field

from catalogs.models import CatalogGroup, CatalogItem, Category, ExtraField, Priority
from estate.models import PropertyFeature

E, H, N, L = Priority.EMERGENCY, Priority.HIGH, Priority.NORMAL, Priority.LOW


@dataclass(frozen=True)
class Extra:
    key: str
    kind: str
    de: str
    en: str
    nl: str
    choices: str = ""
    required: bool = True


@dataclass(frozen=True)
class Item:
    code: str
    de: str
    en: str
    nl: str
    priority: str = N
    public: bool = False
    photo: bool = False
    extras: tuple[Extra, ...] = ()
    hint: str = ""
    resolve_hours: int | None = None
    document_delivery: str = ""
    document_kind: str = ""
    change_request_kind: str = ""


@dataclass(frozen=True)
class Group:
    code: str
    de: str
    en: str
    nl: str
    items: tuple[Item, ...]
    features: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cat:
    code: str
    kind: str
    de: str
    en: str
    nl: str
    groups: tuple[Group, ...] = field(default=())
    allows_public: bool = False


FEATURES = {"aufzug": "Aufzug", "tiefgarage": "Tiefgarage", "garten": "Garten / Grünanlage"}

ROOM = Extra("raum", "choice", "In welchem Raum?", "Which room?", "In welke ruimte?",
             "Küche\nBad\nWohnzimmer\nSchlafzimmer\nKinderzimmer\nFlur\nKeller")  # fmt: skip

DAMAGE_GROUPS = (
    Group("sanitaer", "Sanitär", "Plumbing", "Sanitair", (
        Item("SAN-WC-LAEUFT", "WC-Spülung läuft ständig", "Toilet keeps running", "Toilet blijft doorlopen"),
        Item("SAN-WC-VERSTOPFT", "Toilette ist verstopft", "Toilet is blocked", "Toilet is verstopt", H),
        Item("SAN-HAHN", "Wasserhahn tropft", "Tap is dripping", "Kraan druppelt", L),
        Item("SAN-ABFLUSS", "Abfluss läuft nicht ab", "Drain is blocked", "Afvoer loopt niet weg",
             extras=(Extra("wo", "choice", "Welcher Abfluss?", "Which drain?", "Welke afvoer?",
                           "Waschbecken\nDusche\nBadewanne\nKüchenspüle"),)),
        Item("SAN-ROHRBRUCH", "Wasserrohrbruch – Wasser läuft aus", "Burst pipe – water is leaking",
             "Gesprongen leiding – er lekt water", E, photo=False, resolve_hours=6,
             hint="Bitte drehen Sie, wenn möglich, den Hauptwasserhahn zu."),
        Item("SAN-WARMWASSER", "Kein warmes Wasser", "No hot water", "Geen warm water", H),
    )),
    Group("heizung", "Heizung", "Heating", "Verwarming", (
        Item("HZG-AUSFALL", "Heizung komplett ausgefallen", "Heating not working at all",
             "Verwarming helemaal uitgevallen", H, public=True),
        Item("HZG-KALT", "Heizkörper wird nicht warm", "A radiator stays cold", "Radiator wordt niet warm",
             extras=(ROOM,)),
        Item("HZG-GLUCKERT", "Heizkörper gluckert oder rauscht", "Radiator gurgles", "Radiator borrelt", L),
        Item("HZG-VENTIL", "Thermostatkopf defekt", "Thermostat knob broken", "Thermostaatkop kapot"),
    )),
    Group("elektro", "Elektro", "Electrics", "Elektra", (
        Item("ELT-STROM", "Kein Strom in der Wohnung", "No power in the flat", "Geen stroom in de woning", H),
        Item("ELT-STECKDOSE", "Steckdose oder Lichtschalter defekt", "Socket or light switch broken",
             "Stopcontact of lichtschakelaar kapot", extras=(ROOM,)),
        Item("ELT-TREPPENLICHT", "Licht im Treppenhaus geht nicht", "Stairwell light is out",
             "Licht in het trappenhuis doet het niet", public=True),
        Item("ELT-KLINGEL", "Klingel oder Gegensprechanlage defekt", "Doorbell or intercom broken",
             "Bel of intercom kapot"),
    )),
    Group("fenster_tueren", "Fenster/Türen", "Windows and doors", "Ramen en deuren", (
        Item("FT-FENSTER", "Fenster schließt nicht richtig", "Window does not close properly",
             "Raam sluit niet goed", extras=(ROOM,)),
        Item("FT-HAUSTUER", "Haustür schließt nicht", "Front door of the building does not close",
             "Voordeur van het gebouw sluit niet", H, public=True),
        Item("FT-WOHNUNGSTUER", "Wohnungstür klemmt", "Flat door sticks", "Voordeur van de woning klemt"),
        Item("FT-ROLLLADEN", "Rollladen klemmt", "Roller shutter is stuck", "Rolluik zit vast", L),
        Item("FT-SCHEIBE", "Fensterscheibe gesprungen", "Window pane cracked", "Ruit gebarsten", photo=True),
    )),
    Group("aufzug", "Aufzug", "Lift", "Lift", (
        Item("AZ-STEHT", "Aufzug steht", "Lift is out of order", "Lift staat stil", H, public=True),
        Item("AZ-EINGESCHLOSSEN", "Jemand ist im Aufzug eingeschlossen", "Someone is trapped in the lift",
             "Iemand zit vast in de lift", E, public=True, resolve_hours=1,
             hint="Bitte rufen Sie zusätzlich die Notrufnummer im Aufzug an."),
        Item("AZ-TUER", "Aufzugstür schließt nicht richtig", "Lift door does not close properly",
             "Liftdeur sluit niet goed", public=True),
    ), features=("aufzug",)),
    Group("tiefgarage", "Tiefgarage", "Underground car park", "Parkeergarage", (
        Item("TG-TOR", "Garagentor öffnet nicht", "Garage door does not open", "Garagedeur gaat niet open",
             H, public=True),
        Item("TG-LICHT", "Beleuchtung in der Tiefgarage defekt", "Lights in the car park are out",
             "Verlichting in de parkeergarage kapot", public=True),
        Item("TG-WASSER", "Wasser in der Tiefgarage", "Water in the car park", "Water in de parkeergarage",
             public=True),
    ), features=("tiefgarage",)),
    Group("aussenanlagen", "Außenanlagen", "Outdoor areas", "Buitenterrein", (
        Item("AUS-SPIELPLATZ", "Spielplatz beschädigt", "Playground damaged", "Speeltuin beschadigd",
             public=True),
        Item("AUS-GLAETTE", "Gehweg vereist oder nicht geräumt", "Path icy or not cleared",
             "Stoep glad of niet geveegd", H, public=True),
        Item("AUS-MUELLPLATZ", "Müllplatz verschmutzt", "Bin area is dirty", "Afvalplaats vervuild", L,
             public=True),
        Item("AUS-BAUM", "Baum oder Ast droht umzufallen", "Tree or branch may fall",
             "Boom of tak dreigt te vallen", H, public=True),
    )),
    Group("schaedlinge", "Schädlinge", "Pests", "Ongedierte", (
        Item("SCH-RATTEN", "Ratten oder Mäuse gesehen", "Rats or mice seen", "Ratten of muizen gezien", H,
             public=True),
        Item("SCH-KAKERLAKEN", "Kakerlaken in der Wohnung", "Cockroaches in the flat",
             "Kakkerlakken in de woning", H),
        Item("SCH-WESPEN", "Wespennest am Haus", "Wasps' nest on the building", "Wespennest aan het huis",
             public=True),
    )),
    Group("feuchtigkeit", "Feuchtigkeit/Schimmel", "Damp and mould", "Vocht en schimmel", (
        Item("FS-SCHIMMEL", "Schimmel an der Wand", "Mould on the wall", "Schimmel op de muur", photo=True,
             extras=(ROOM,)),
        Item("FS-FEUCHT", "Feuchte Stelle an Wand oder Decke", "Damp patch on wall or ceiling",
             "Vochtige plek op muur of plafond", extras=(ROOM,)),
        Item("FS-WASSERFLECK", "Wasserfleck – es tropft von oben", "Water stain – dripping from above",
             "Watervlek – het druppelt van boven", H),
    )),
)  # fmt: skip

CATEGORIES = (
    Cat("schaden", "damage", "Schaden", "Damage", "Schade", DAMAGE_GROUPS, allows_public=True),
    Cat("beschwerde", "complaint", "Beschwerde", "Complaint", "Klacht", (
        Group("service", "Service und Reinigung", "Service and cleaning", "Service en schoonmaak", (
            Item("BES-REINIGUNG", "Treppenhausreinigung mangelhaft", "Stairwell not cleaned properly",
                 "Trappenhuis slecht schoongemaakt", L),
            Item("BES-HAUSWART", "Hauswart nicht erreichbar", "Caretaker cannot be reached",
                 "Huismeester niet bereikbaar", L),
            Item("BES-HANDWERKER", "Handwerker ist nicht gekommen", "Tradesperson did not turn up",
                 "Vakman is niet gekomen"),
        )),
    )),
    Cat("stoerung", "nuisance", "Nachbarschaftsstörung", "Neighbour nuisance", "Burenoverlast", (
        Group("nachbarn", "Nachbarn", "Neighbours", "Buren", (
            Item("NS-LAERM", "Lärm aus einer Nachbarwohnung", "Noise from a neighbouring flat",
                 "Geluidsoverlast van buren", L,
                 extras=(Extra("wann", "text", "Wann tritt der Lärm auf?", "When does it happen?",
                               "Wanneer is de overlast?"),)),
            Item("NS-MUELL", "Müll im Treppenhaus abgestellt", "Rubbish left in the stairwell",
                 "Afval in het trappenhuis gezet", L),
            Item("NS-RAUCHEN", "Rauchgeruch im Treppenhaus", "Smoke smell in the stairwell",
                 "Rooklucht in het trappenhuis", L),
            Item("NS-PARKEN", "Fremdparker auf meinem Stellplatz", "Someone parks in my space",
                 "Iemand parkeert op mijn plek", L),
        )),
    )),
    Cat("vertrag", "tenancy", "Vertragsanliegen", "Tenancy matters", "Huurzaken", (
        Group("mietvertrag", "Mietvertrag und Daten", "Tenancy and personal data",
              "Huurcontract en gegevens", (
            Item("VA-BANK", "Bankverbindung ändern", "Change bank details", "Bankgegevens wijzigen",
                 change_request_kind="bank_account",
                 extras=(Extra("iban", "iban", "Neue IBAN", "New IBAN", "Nieuwe IBAN"),
                         Extra("kontoinhaber", "text", "Kontoinhaber", "Account holder", "Rekeninghouder"))),
            Item("VA-BK-KOPIE", "Kopie der Betriebskostenabrechnung", "Copy of the service charge statement",
                 "Kopie van de servicekostenafrekening", L, document_delivery="batch",
                 document_kind="betriebskosten",
                 extras=(Extra("jahr", "number", "Für welches Jahr?", "For which year?",
                               "Voor welk jaar?"),)),
            Item("VA-NAME", "Namensänderung", "Change of name", "Naamswijziging", L,
                 change_request_kind="name",
                 extras=(Extra("neuer_name", "text", "Neuer Nachname", "New surname", "Nieuwe achternaam"),)),
            Item("VA-KUENDIGUNG", "Kündigung der Wohnung", "Giving notice on the flat", "Huur opzeggen",
                 extras=(Extra("auszug", "date", "Gewünschter Auszugstermin", "Planned move-out date",
                               "Gewenste verhuisdatum"),)),
            Item("VA-UMBAU", "Bauliche Veränderung beantragen", "Request a home modification",
                 "Woningaanpassing aanvragen"),
        )),
    )),
    Cat("allgemein", "general", "Allgemeines Anliegen", "General enquiry", "Algemene vraag", (
        Group("allgemein", "Allgemein", "General", "Algemeen", (
            Item("ALG-SONSTIGES", "Sonstiges Anliegen", "Something else", "Iets anders", L),
        )),
    )),
)  # fmt: skip


def build_features() -> dict[str, PropertyFeature]:
    return {
        code: PropertyFeature.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in FEATURES.items()
    }


def build_catalog() -> dict[str, CatalogItem]:
    """Create the catalog where it is missing (idempotent by codes) and return the items by code."""
    features = build_features()
    items: dict[str, CatalogItem] = {}
    for cat_pos, cat in enumerate(CATEGORIES):
        category, _ = Category.objects.get_or_create(
            code=cat.code,
            defaults={
                "kind": cat.kind,
                "name_de": cat.de,
                "name_en": cat.en,
                "name_nl": cat.nl,
                "position": cat_pos,
                "allows_public": cat.allows_public,
            },
        )
        for group_pos, spec in enumerate(cat.groups):
            group, _ = CatalogGroup.objects.get_or_create(
                category=category,
                code=spec.code,
                defaults={"name_de": spec.de, "name_en": spec.en, "name_nl": spec.nl, "position": group_pos},
            )
            for item_pos, item_spec in enumerate(spec.items):
                items[item_spec.code] = _build_item(
                    group, item_spec, item_pos, [features[f] for f in spec.features]
                )
    return items


def _build_item(group: CatalogGroup, spec: Item, position: int, features: list) -> CatalogItem:
    item, created = CatalogItem.objects.get_or_create(
        code=spec.code,
        defaults={
            "group": group,
            "name_de": spec.de,
            "name_en": spec.en,
            "name_nl": spec.nl,
            "staff_label": spec.de,
            "hint_de": spec.hint,
            "default_priority": spec.priority,
            "resolve_within_hours": spec.resolve_hours,
            "allows_public": spec.public,
            "requires_photo": spec.photo,
            "document_delivery": spec.document_delivery,
            "document_kind": spec.document_kind,
            "change_request_kind": spec.change_request_kind,
            "position": position,
        },
    )
    if created:
        item.required_features.set(features)
        for pos, extra in enumerate(spec.extras):
            ExtraField.objects.create(
                item=item,
                key=extra.key,
                kind=extra.kind,
                label_de=extra.de,
                label_en=extra.en,
                label_nl=extra.nl,
                choices=extra.choices,
                required=extra.required,
                position=pos,
            )
    return item
