"""What tenants write and what staff answer, for demo and bench tickets."""

DESCRIPTIONS = {
    "sanitaer": (
        "Seit gestern Abend läuft das Wasser ständig nach, man hört es die ganze Nacht.",
        "Im Bad steht das Wasser, es läuft kaum noch ab. Wir haben schon Rohrreiniger versucht.",
        "Das Problem besteht seit einer Woche und wird immer schlimmer.",
    ),
    "heizung": (
        "Die Heizung bleibt seit heute früh kalt, in der Wohnung sind nur noch 16 Grad.",
        "Der Heizkörper im Wohnzimmer wird nur oben warm, unten bleibt er kalt.",
        "Die Heizung macht nachts laute Geräusche, wir können kaum schlafen.",
    ),
    "elektro": (
        "Die Sicherung springt immer wieder raus, sobald wir den Wasserkocher einschalten.",
        "Im Treppenhaus zwischen dem 2. und 3. OG ist es abends komplett dunkel.",
        "Die Klingel funktioniert nicht, Besucher und Paketdienst kommen nicht ins Haus.",
    ),
    "fenster_tueren": (
        "Das Fenster lässt sich nicht mehr richtig schließen, es zieht stark.",
        "Die Haustür fällt nicht mehr ins Schloss, jeder kann ins Haus.",
        "Der Rollladen im Schlafzimmer hängt schief und geht nicht mehr hoch.",
    ),
    "aufzug": (
        "Der Aufzug steht seit heute Morgen im Erdgeschoss und reagiert nicht.",
        "Die Aufzugstür geht immer wieder auf und zu, der Aufzug fährt nicht los.",
    ),
    "tiefgarage": (
        "Das Garagentor öffnet sich mit der Fernbedienung nicht mehr.",
        "In der Tiefgarage ist die Hälfte der Lampen aus, man sieht kaum etwas.",
    ),
    "aussenanlagen": (
        "Auf dem Spielplatz ist die Schaukel kaputt, ein Brett ist gebrochen.",
        "Der Weg zum Müllplatz ist seit Tagen nicht geräumt und spiegelglatt.",
    ),
    "schaedlinge": (
        "Im Hof und am Müllplatz haben wir mehrfach Ratten gesehen.",
        "Am Dachkasten über unserem Balkon ist ein Wespennest.",
    ),
    "feuchtigkeit": (
        "Hinter dem Schrank im Schlafzimmer ist die Wand schwarz verschimmelt.",
        "An der Decke im Bad ist ein großer feuchter Fleck, es tropft leicht.",
    ),
    "service": (
        "Das Treppenhaus wurde seit zwei Wochen nicht gewischt.",
        "Der Handwerker hatte den Termin zugesagt, ist aber nicht gekommen.",
    ),
    "nachbarn": (
        "Aus der Wohnung über uns kommt fast jede Nacht bis 2 Uhr laute Musik.",
        "Im Treppenhaus stehen seit Tagen Müllsäcke, es riecht unangenehm.",
    ),
    "mietvertrag": (
        "Bitte ändern Sie meine Bankverbindung für die Miete ab dem nächsten Monat.",
        "Ich bitte um eine Kopie der letzten Betriebskostenabrechnung.",
        "Ich möchte meine Wohnung fristgerecht kündigen.",
    ),
    "erlaubnisse": (
        "Ich möchte ein Zimmer an eine Freundin untervermieten. Was brauchen Sie von mir?",
        "Wir möchten uns eine Katze anschaffen. Brauchen wir dafür Ihre Erlaubnis?",
    ),
    "allgemein": ("Ich habe eine Frage zu meinem Mietkonto, bitte rufen Sie mich zurück.",),
}

STAFF_REPLIES = (
    "Vielen Dank für Ihre Meldung. Wir haben einen Fachbetrieb beauftragt, der sich zur Terminvereinbarung "
    "bei Ihnen meldet.",
    "Vielen Dank für Ihre Nachricht. Wir kümmern uns darum und melden uns wieder bei Ihnen.",
    "Der Auftrag ist erteilt. Bitte ermöglichen Sie den Zugang zur Wohnung zum vereinbarten Termin.",
    "Die Arbeiten sind abgeschlossen. Bitte melden Sie sich, falls das Problem erneut auftritt.",
)
INTERNAL_NOTES = (
    "Mieter telefonisch erreicht, Termin vormittags bevorzugt.",
    "Schlüssel liegt beim Hauswart.",
    "Kostenvoranschlag angefordert, über 500 € Freigabe durch Teamleitung.",
    "Bereits zweite Meldung in diesem Jahr, bitte Ursache prüfen lassen.",
)
TENANT_MESSAGES = (
    "Gibt es schon einen Termin? Ich bin ab 14 Uhr zu Hause.",
    "Der Handwerker war da, es funktioniert wieder. Vielen Dank!",
    "Das Problem ist leider immer noch da.",
    "Ich habe noch ein Foto nachgereicht.",
)
CONTRACTOR_MESSAGES = (
    "Termin mit der Mieterin für Donnerstag 8–10 Uhr vereinbart.",
    "Ersatzteil ist bestellt, Lieferzeit ca. eine Woche.",
    "Arbeiten erledigt, Dichtung und Ventil getauscht.",
)
REJECT_REASONS = (
    "Doppelte Meldung, wir bearbeiten den Schaden bereits unter einer anderen Nummer.",
    "Die Reparatur fällt unter die Kleinreparaturklausel Ihres Mietvertrags.",
    "Die Meldung wurde von Ihnen zurückgezogen.",
)
