"""Demo help articles (linked to the demo catalog's items, so the report wizard shows them) and demo
legal texts. Idempotent: an article or text that exists by its address or kind is left as it is."""

from django.utils import timezone

from catalogs.models import CatalogItem
from knowledge.models import Article, ArticleCategory, Audience, LegalText
from knowledge.search import refresh_search_vectors

CATEGORIES = [
    # slug, de, en, nl
    ("strom", "Strom und Licht", "Power and lights", "Stroom en licht"),
    ("heizung-wasser", "Heizung und Wasser", "Heating and water", "Verwarming en water"),
    ("wohnen", "Gesund wohnen", "Healthy living", "Gezond wonen"),
]

SICHERUNG_DE = """<p>Ist in einem Raum oder in der ganzen Wohnung der Strom weg, hat oft nur eine Sicherung
ausgelöst. Das beheben Sie in zwei Minuten selbst.</p>
<h2>So geht es</h2>
<ol>
<li>Öffnen Sie den Sicherungskasten (meist im Flur neben der Wohnungstür).</li>
<li>Suchen Sie den Schalter, der nach unten zeigt, oder den FI-Schalter mit der Taste „T“.</li>
<li>Schalten Sie die Geräte im betroffenen Raum aus und ziehen Sie deren Stecker.</li>
<li>Legen Sie den Schalter wieder nach oben.</li>
<li>Stecken Sie die Geräte einzeln wieder ein. Löst die Sicherung dabei aus, ist dieses Gerät defekt.</li>
</ol>
<h2>Wann Sie uns anrufen</h2>
<ul>
<li>Die Sicherung löst sofort wieder aus, auch ohne Geräte.</li>
<li>Es riecht verbrannt oder eine Steckdose ist heiß: Sicherung aus lassen und die Notrufnummer
anrufen.</li>
</ul>"""
SICHERUNG_EN = """<p>If one room or the whole flat has no power, often just a circuit breaker has
tripped.</p>
<ol><li>Open the fuse box (usually in the hall by the front door).</li>
<li>Find the switch pointing down, or the residual-current switch with the "T" button.</li>
<li>Unplug the appliances in that room, then push the switch back up.</li>
<li>Plug the appliances back in one by one: the one that trips it again is faulty.</li></ol>
<p>If it trips again with nothing plugged in, or something smells burnt, call us.</p>"""
SICHERUNG_NL = """<p>Is de stroom in één kamer of de hele woning weg, dan is vaak alleen een zekering
gesprongen.</p>
<ol><li>Open de meterkast (meestal in de gang bij de voordeur).</li>
<li>Zoek de schakelaar die omlaag staat, of de aardlekschakelaar met de knop „T“.</li>
<li>Haal de stekkers van de apparaten in die kamer eruit en zet de schakelaar weer omhoog.</li>
<li>Steek de apparaten één voor één weer in: het apparaat waarbij hij opnieuw springt, is kapot.</li></ol>
<p>Springt hij ook zonder apparaten, of ruikt het verbrand? Bel ons.</p>"""

ENTLUEFTEN_DE = """<p>Gluckert der Heizkörper oder wird er oben nicht warm, ist Luft darin. Mit einem
Entlüftungsschlüssel (im Baumarkt für wenige Euro) entlüften Sie ihn selbst.</p>
<h2>So geht es</h2>
<ol>
<li>Drehen Sie das Thermostat ganz auf und warten Sie eine halbe Stunde.</li>
<li>Halten Sie ein Tuch unter das Ventil oben am Heizkörper.</li>
<li>Drehen Sie den Schlüssel langsam eine halbe Umdrehung auf: Es zischt.</li>
<li>Sobald Wasser kommt, drehen Sie wieder zu.</li>
</ol>
<p>Wird der Heizkörper danach immer noch nicht warm, melden Sie es bitte.</p>"""
ENTLUEFTEN_EN = """<p>A gurgling radiator, or one that stays cold at the top, has air in it. Bleed it with a
radiator key: turn the thermostat fully up, hold a cloth under the valve at the top, open it half a
turn until
water comes, then close it. If it still stays cold, please report it.</p>"""
ENTLUEFTEN_NL = """<p>Borrelt de radiator of wordt hij bovenaan niet warm, dan zit er lucht in. Ontlucht hem
met een radiatorsleutel: thermostaat helemaal open, doek onder het ventiel bovenaan, een halve slag
open tot er
water komt, dan weer dicht. Blijft hij koud, meld het dan.</p>"""

ABFLUSS_DE = """<p>Läuft das Wasser im Waschbecken, in der Dusche oder der Spüle nur langsam ab, hilft oft
schon einfaches Werkzeug.</p>
<h2>Das können Sie versuchen</h2>
<ul>
<li>Haare und Schmutz aus dem Sieb oder Stöpsel entfernen.</li>
<li>Mit einer Saugglocke (Pümpel) kräftig pumpen; den Überlauf dabei mit einem Tuch zuhalten.</li>
<li>Den Siphon unter dem Waschbecken abschrauben und reinigen (Eimer darunter stellen).</li>
</ul>
<p><strong>Bitte keine chemischen Rohrreiniger:</strong> Sie greifen die Rohre an und helfen bei festen
Verstopfungen selten.</p>"""
ABFLUSS_EN = """<p>If water drains slowly, remove hair from the strainer, use a plunger (cover the overflow
with a cloth), or unscrew and clean the trap under the basin. Please do not use chemical drain
cleaners: they
damage the pipes.</p>"""
ABFLUSS_NL = """<p>Loopt het water langzaam weg? Haal haren uit het zeefje, gebruik een ontstopper
(de overloop
met een doek dichthouden) of schroef de sifon onder de wastafel los en maak hem schoon. Gebruik
geen chemische
ontstopper: die tast de leidingen aan.</p>"""

SCHIMMEL_DE = """<p>Schimmel entsteht, wo feuchte Luft an kalten Wänden kondensiert. Mit drei Gewohnheiten
beugen Sie vor.</p>
<h2>Richtig lüften</h2>
<ul>
<li>Drei- bis viermal am Tag für fünf bis zehn Minuten die Fenster ganz öffnen (Stoßlüften), nicht
kippen.</li>
<li>Nach dem Duschen und Kochen sofort lüften, die Tür zum Bad dabei geschlossen halten.</li>
</ul>
<h2>Gleichmäßig heizen</h2>
<p>Auch ungenutzte Räume nicht unter 16 °C auskühlen lassen; Möbel etwa 5 cm von Außenwänden abrücken.</p>
<h2>Schon Schimmel?</h2>
<p>Kleine Flecken (unter einer Handfläche) mit 70-prozentigem Alkohol abwischen. Größere Flecken oder
Schimmel, der wiederkommt, melden Sie uns bitte mit einem Foto.</p>"""
SCHIMMEL_EN = """<p>Mould grows where damp air meets cold walls. Air the rooms fully three to four
times a day
for five to ten minutes, right after showering and cooking; keep every room at 16 °C or more; keep furniture
5 cm from outside walls. Wipe small spots with 70 % alcohol; report larger or returning mould with
a photo.</p>"""
SCHIMMEL_NL = """<p>Schimmel ontstaat waar vochtige lucht op koude muren neerslaat. Lucht drie tot
vier keer per
dag vijf tot tien minuten met de ramen wijd open, direct na douchen en koken; houd elke kamer op
minstens 16 °C;
zet meubels 5 cm van buitenmuren. Kleine plekken met 70 % alcohol afnemen; grotere of terugkerende schimmel
graag met een foto melden.</p>"""

STAFF_STROM = """<p>Bevor ein Elektriker beauftragt wird, am Telefon klären:</p>
<ol>
<li>Ganze Wohnung oder einzelner Raum? Haben Nachbarn Strom? (Dann ggf. Netzbetreiber-Störung.)</li>
<li>Sicherung und FI-Schalter geprüft? Auf den Hilfe-Artikel „Sicherung prüfen“ verweisen.</li>
<li>Brandgeruch, heiße Steckdose, Wasser an Elektrik: sofort als Notfall freigeben.</li>
</ol>
<p>Zählerstand nicht erforderlich; Netzbetreiber-Störungsnummer steht im Aushang jedes Hauses.</p>"""
STAFF_SCHIMMEL = """<p>Bei Schimmelmeldungen immer Fotos anfordern und einen Ortstermin mit Feuchtemessung
vereinbaren. Im Protokoll festhalten: betroffene Fläche, Raum, Außenwand ja/nein, Möblierung,
Lüftungsverhalten
laut Mieter.</p>
<p>Ab 0,5 m² oder bei wiederkehrendem Befall Gutachter über Team Technik beauftragen; keine Aussagen zur
Ursache am Telefon.</p>"""

ARTICLES = [
    # slug, category, audience, titles (de, en, nl), summaries (de, en, nl), bodies (de, en, nl), item codes
    (
        "sicherung-pruefen",
        "strom",
        Audience.TENANTS,
        ("Sicherung prüfen", "Check the circuit breaker", "Zekering controleren"),
        (
            "Kein Strom in einem Raum? Meist hat nur eine Sicherung ausgelöst.",
            "No power in a room? Usually just a breaker has tripped.",
            "Geen stroom in een kamer? Meestal is alleen een zekering gesprongen.",
        ),
        (SICHERUNG_DE, SICHERUNG_EN, SICHERUNG_NL),
        ("ELT-STROM", "ELT-STECKDOSE"),
    ),
    (
        "heizung-entlueften",
        "heizung-wasser",
        Audience.TENANTS,
        ("Heizung entlüften", "Bleed a radiator", "Radiator ontluchten"),
        (
            "Gluckert der Heizkörper oder bleibt er oben kalt, ist Luft darin.",
            "A gurgling radiator, cold at the top, has air in it.",
            "Borrelt de radiator of blijft hij bovenaan koud, dan zit er lucht in.",
        ),
        (ENTLUEFTEN_DE, ENTLUEFTEN_EN, ENTLUEFTEN_NL),
        ("HZG-GLUCKERT", "HZG-KALT"),
    ),
    (
        "abfluss-verstopft",
        "heizung-wasser",
        Audience.TENANTS,
        ("Abfluss verstopft", "Blocked drain", "Afvoer verstopt"),
        (
            "Sieb, Saugglocke, Siphon: so läuft das Wasser oft wieder ab.",
            "Strainer, plunger, trap: often the water runs again.",
            "Zeefje, ontstopper, sifon: vaak loopt het water weer weg.",
        ),
        (ABFLUSS_DE, ABFLUSS_EN, ABFLUSS_NL),
        ("SAN-ABFLUSS",),
    ),
    (
        "schimmel-vorbeugen",
        "wohnen",
        Audience.TENANTS,
        ("Schimmel vorbeugen", "Preventing mould", "Schimmel voorkomen"),
        (
            "Richtig lüften und heizen, und was bei ersten Flecken hilft.",
            "Airing and heating right, and what to do about first spots.",
            "Goed ventileren en verwarmen, en wat te doen bij de eerste plekken.",
        ),
        (SCHIMMEL_DE, SCHIMMEL_EN, SCHIMMEL_NL),
        ("FS-SCHIMMEL", "FS-FEUCHT"),
    ),
    (
        "stromausfall-rueckfragen",
        "strom",
        Audience.STAFF,
        ("Stromausfall: Rückfragen am Telefon", "", ""),
        ("Was vor der Beauftragung eines Elektrikers zu klären ist.", "", ""),
        (STAFF_STROM, "", ""),
        ("ELT-STROM",),
    ),
    (
        "schimmel-ortstermin",
        "wohnen",
        Audience.STAFF,
        ("Schimmel: Ortstermin und Protokoll", "", ""),
        ("Fotos, Feuchtemessung, Gutachter ab 0,5 m².", "", ""),
        (STAFF_SCHIMMEL, "", ""),
        ("FS-SCHIMMEL",),
    ),
]

LEGAL = {
    LegalText.Kind.IMPRINT: (
        """<h2>Angaben gemäß § 5 DDG</h2>
<p>Wohnungsbau Musterstadt eG<br>Am Markt 1<br>10115 Berlin</p>
<h2>Vertreten durch</h2><p>Den Vorstand: Maria Beispiel, Jan Muster</p>
<h2>Kontakt</h2><p>Telefon: 030 123456-0<br>E-Mail: <a
href="mailto:service@example.org">service@example.org</a></p>
<h2>Registereintrag</h2><p>Genossenschaftsregister, Amtsgericht Charlottenburg, GnR 123</p>
<p>Umsatzsteuer-Identifikationsnummer: DE000000000</p>
<p><em>Demodaten: Alle Angaben sind erfunden.</em></p>""",
        """<p>Demo data: this imprint is fictitious. The binding version is the German one.</p>""",
        """<p>Demogegevens: dit colofon is verzonnen. De Duitse versie is bindend.</p>""",
    ),
    LegalText.Kind.PRIVACY: (
        """<h2>Verantwortlicher</h2><p>Wohnungsbau Musterstadt eG, Am Markt 1, 10115 Berlin.</p>
<h2>Welche Daten wir verarbeiten</h2>
<ul><li>Ihre Stammdaten und Ihr Mietverhältnis (Art. 6 Abs. 1 lit. b DSGVO),</li>
<li>Ihre Meldungen mit Fotos und Nachrichten, um Schäden zu beheben,</li>
<li>Ihre E-Mail-Adresse für Anmeldelinks und Benachrichtigungen.</li></ul>
<h2>Wie lange</h2><p>Meldungen löschen oder anonymisieren wir, sobald keine gesetzliche
Aufbewahrungspflicht mehr besteht.</p>
<h2>Ihre Rechte</h2><p>Auskunft, Berichtigung, Löschung, Einschränkung, Datenübertragbarkeit und
Widerspruch; Beschwerde bei der zuständigen Aufsichtsbehörde.</p>
<p><em>Demodaten: ein Beispieltext, kein geprüfter Rechtstext.</em></p>""",
        """<p>Demo data: a sample privacy notice. The binding version is the German one.</p>""",
        """<p>Demogegevens: een voorbeeldverklaring. De Duitse versie is bindend.</p>""",
    ),
    LegalText.Kind.ACCESSIBILITY: (
        """<p>Wir möchten, dass alle Menschen das Mieterportal nutzen können. Es richtet sich nach den
Web Content Accessibility Guidelines (WCAG) 2.1, Stufe AA, und wird mit automatischen Prüfungen
getestet.</p>
<h2>Barriere melden</h2><p>Ist Ihnen eine Barriere aufgefallen? Schreiben Sie uns an
<a href="mailto:service@example.org">service@example.org</a> oder rufen Sie an: 030 123456-0.</p>
<p><em>Demodaten: ein Beispieltext.</em></p>""",
        """<p>Demo data: we aim for WCAG 2.1 AA. Report a barrier to service@example.org.</p>""",
        """<p>Demogegevens: we streven naar WCAG 2.1 AA. Meld een drempel via service@example.org.</p>""",
    ),
}


def build_knowledge() -> None:
    categories = {}
    for position, (slug, de, en, nl) in enumerate(CATEGORIES):
        categories[slug] = ArticleCategory.objects.get_or_create(
            slug=slug, defaults={"name_de": de, "name_en": en, "name_nl": nl, "position": position}
        )[0]
    now = timezone.now()
    created = []
    for position, (slug, category, audience, titles, summaries, bodies, codes) in enumerate(ARTICLES):
        article, new = Article.objects.get_or_create(
            slug=slug,
            defaults={
                "category": categories[category],
                "audience": audience,
                "position": position,
                "published_at": now,
                **{f"title_{lang}": text for lang, text in zip(("de", "en", "nl"), titles, strict=True)},
                **{f"summary_{lang}": text for lang, text in zip(("de", "en", "nl"), summaries, strict=True)},
                **{f"body_{lang}": text for lang, text in zip(("de", "en", "nl"), bodies, strict=True)},
            },
        )
        if new:
            article.items.set(CatalogItem.objects.filter(code__in=codes))
            created.append(article.pk)
    refresh_search_vectors(created)
    for kind, (de, en, nl) in LEGAL.items():
        LegalText.objects.get_or_create(kind=kind, defaults={"body_de": de, "body_en": en, "body_nl": nl})
