"""Names and streets as they appear in a Berlin housing company's tenant list, for demo and bench data."""

FIRST_NAMES_F = (
    "Anna", "Sabine", "Monika", "Petra", "Claudia", "Julia", "Katrin", "Sandra", "Lena", "Marie",
    "Sophie", "Laura", "Ingrid", "Ursula", "Renate", "Helga", "Birgit", "Nicole", "Stefanie", "Fatma",
    "Ayşe", "Agnieszka", "Olena", "Mai", "Elif",
)  # fmt: skip

FIRST_NAMES_M = (
    "Thomas", "Michael", "Andreas", "Stefan", "Frank", "Jürgen", "Klaus", "Peter", "Wolfgang", "Markus",
    "Jan", "Lukas", "Felix", "Tobias", "Christian", "Dieter", "Horst", "Uwe", "Sebastian", "Mehmet",
    "Ahmet", "Piotr", "Dmytro", "Minh", "Emre",
)  # fmt: skip

LAST_NAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
    "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann",
    "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber", "Kaiser",
    "Yılmaz", "Kaya", "Demir", "Nowak", "Kowalski", "Wiśniewski", "Nguyen", "Tran", "Kovalenko", "Popescu",
)  # fmt: skip

BERLIN_STREETS = (
    ("Sonnenallee", "12045"), ("Karl-Marx-Straße", "12043"), ("Hermannstraße", "12049"),
    ("Greifswalder Straße", "10405"), ("Prenzlauer Allee", "10405"), ("Schönhauser Allee", "10437"),
    ("Frankfurter Allee", "10247"), ("Landsberger Allee", "10249"), ("Müllerstraße", "13353"),
    ("Seestraße", "13353"), ("Turmstraße", "10559"), ("Wilmersdorfer Straße", "10627"),
    ("Kaiserdamm", "14057"), ("Hauptstraße", "10827"), ("Potsdamer Straße", "10785"),
    ("Falkenberger Chaussee", "13057"), ("Märkische Allee", "12687"), ("Gropiusstraße", "13357"),
    ("Marzahner Promenade", "12679"), ("Allee der Kosmonauten", "12681"), ("Spandauer Damm", "14059"),
    ("Residenzstraße", "13409"), ("Oranienstraße", "10999"), ("Kottbusser Damm", "10967"),
)  # fmt: skip

FLOORS = ("EG", "1. OG", "2. OG", "3. OG", "4. OG", "5. OG", "6. OG")
SIDES = ("links", "Mitte", "rechts")
