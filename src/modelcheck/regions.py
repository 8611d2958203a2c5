"""Jurisdictions: ISO 3166-1 countries, the EU and the EEA, as ``[tool.modelcheck.project]
jurisdictions`` accepts them.

``canonical`` maps an alpha-2 code, an alpha-3 code or an English name (case-insensitive,
accents optional) to the alpha-2 code; ``EU``/``European Union`` and ``EEA``/``European Economic
Area`` are groups. Anything else is a config error with a suggestion: an unknown region must
never be dropped silently, or a regional licence exclusion would never fire.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Mapping

# ISO 3166-1 officially assigned code elements (249): alpha-2, alpha-3, English short name, then
# other common English names after "|".
_COUNTRIES = """\
AF AFG Afghanistan
AX ALA Åland Islands
AL ALB Albania
DZ DZA Algeria
AS ASM American Samoa
AD AND Andorra
AO AGO Angola
AI AIA Anguilla
AQ ATA Antarctica
AG ATG Antigua and Barbuda
AR ARG Argentina
AM ARM Armenia
AW ABW Aruba
AU AUS Australia
AT AUT Austria
AZ AZE Azerbaijan
BS BHS Bahamas
BH BHR Bahrain
BD BGD Bangladesh
BB BRB Barbados
BY BLR Belarus
BE BEL Belgium
BZ BLZ Belize
BJ BEN Benin
BM BMU Bermuda
BT BTN Bhutan
BO BOL Bolivia, Plurinational State of | Bolivia
BQ BES Bonaire, Sint Eustatius and Saba
BA BIH Bosnia and Herzegovina
BW BWA Botswana
BV BVT Bouvet Island
BR BRA Brazil
IO IOT British Indian Ocean Territory
BN BRN Brunei Darussalam | Brunei
BG BGR Bulgaria
BF BFA Burkina Faso
BI BDI Burundi
CV CPV Cabo Verde | Cape Verde
KH KHM Cambodia
CM CMR Cameroon
CA CAN Canada
KY CYM Cayman Islands
CF CAF Central African Republic
TD TCD Chad
CL CHL Chile
CN CHN China
CX CXR Christmas Island
CC CCK Cocos (Keeling) Islands
CO COL Colombia
KM COM Comoros
CG COG Congo | Republic of the Congo
CD COD Congo, Democratic Republic of the | Democratic Republic of the Congo
CK COK Cook Islands
CR CRI Costa Rica
CI CIV Côte d'Ivoire | Ivory Coast
HR HRV Croatia
CU CUB Cuba
CW CUW Curaçao
CY CYP Cyprus
CZ CZE Czechia | Czech Republic
DK DNK Denmark
DJ DJI Djibouti
DM DMA Dominica
DO DOM Dominican Republic
EC ECU Ecuador
EG EGY Egypt
SV SLV El Salvador
GQ GNQ Equatorial Guinea
ER ERI Eritrea
EE EST Estonia
SZ SWZ Eswatini | Swaziland
ET ETH Ethiopia
FK FLK Falkland Islands (Malvinas) | Falkland Islands
FO FRO Faroe Islands
FJ FJI Fiji
FI FIN Finland
FR FRA France
GF GUF French Guiana
PF PYF French Polynesia
TF ATF French Southern Territories
GA GAB Gabon
GM GMB Gambia
GE GEO Georgia
DE DEU Germany
GH GHA Ghana
GI GIB Gibraltar
GR GRC Greece
GL GRL Greenland
GD GRD Grenada
GP GLP Guadeloupe
GU GUM Guam
GT GTM Guatemala
GG GGY Guernsey
GN GIN Guinea
GW GNB Guinea-Bissau
GY GUY Guyana
HT HTI Haiti
HM HMD Heard Island and McDonald Islands
VA VAT Holy See | Vatican City
HN HND Honduras
HK HKG Hong Kong
HU HUN Hungary
IS ISL Iceland
IN IND India
ID IDN Indonesia
IR IRN Iran, Islamic Republic of | Iran
IQ IRQ Iraq
IE IRL Ireland
IM IMN Isle of Man
IL ISR Israel
IT ITA Italy
JM JAM Jamaica
JP JPN Japan
JE JEY Jersey
JO JOR Jordan
KZ KAZ Kazakhstan
KE KEN Kenya
KI KIR Kiribati
KP PRK Korea, Democratic People's Republic of | North Korea
KR KOR Korea, Republic of | South Korea
KW KWT Kuwait
KG KGZ Kyrgyzstan
LA LAO Lao People's Democratic Republic | Laos
LV LVA Latvia
LB LBN Lebanon
LS LSO Lesotho
LR LBR Liberia
LY LBY Libya
LI LIE Liechtenstein
LT LTU Lithuania
LU LUX Luxembourg
MO MAC Macao | Macau
MG MDG Madagascar
MW MWI Malawi
MY MYS Malaysia
MV MDV Maldives
ML MLI Mali
MT MLT Malta
MH MHL Marshall Islands
MQ MTQ Martinique
MR MRT Mauritania
MU MUS Mauritius
YT MYT Mayotte
MX MEX Mexico
FM FSM Micronesia, Federated States of | Micronesia
MD MDA Moldova, Republic of | Moldova
MC MCO Monaco
MN MNG Mongolia
ME MNE Montenegro
MS MSR Montserrat
MA MAR Morocco
MZ MOZ Mozambique
MM MMR Myanmar | Burma
NA NAM Namibia
NR NRU Nauru
NP NPL Nepal
NL NLD Netherlands, Kingdom of the | Netherlands | The Netherlands
NC NCL New Caledonia
NZ NZL New Zealand
NI NIC Nicaragua
NE NER Niger
NG NGA Nigeria
NU NIU Niue
NF NFK Norfolk Island
MK MKD North Macedonia
MP MNP Northern Mariana Islands
NO NOR Norway
OM OMN Oman
PK PAK Pakistan
PW PLW Palau
PS PSE Palestine, State of | Palestine
PA PAN Panama
PG PNG Papua New Guinea
PY PRY Paraguay
PE PER Peru
PH PHL Philippines
PN PCN Pitcairn
PL POL Poland
PT PRT Portugal
PR PRI Puerto Rico
QA QAT Qatar
RE REU Réunion
RO ROU Romania
RU RUS Russian Federation | Russia
RW RWA Rwanda
BL BLM Saint Barthélemy
SH SHN Saint Helena, Ascension and Tristan da Cunha | Saint Helena
KN KNA Saint Kitts and Nevis
LC LCA Saint Lucia
MF MAF Saint Martin (French part) | Saint Martin
PM SPM Saint Pierre and Miquelon
VC VCT Saint Vincent and the Grenadines
WS WSM Samoa
SM SMR San Marino
ST STP Sao Tome and Principe
SA SAU Saudi Arabia
SN SEN Senegal
RS SRB Serbia
SC SYC Seychelles
SL SLE Sierra Leone
SG SGP Singapore
SX SXM Sint Maarten (Dutch part) | Sint Maarten
SK SVK Slovakia
SI SVN Slovenia
SB SLB Solomon Islands
SO SOM Somalia
ZA ZAF South Africa
GS SGS South Georgia and the South Sandwich Islands
SS SSD South Sudan
ES ESP Spain
LK LKA Sri Lanka
SD SDN Sudan
SR SUR Suriname
SJ SJM Svalbard and Jan Mayen
SE SWE Sweden
CH CHE Switzerland
SY SYR Syrian Arab Republic | Syria
TW TWN Taiwan, Province of China | Taiwan
TJ TJK Tajikistan
TZ TZA Tanzania, United Republic of | Tanzania
TH THA Thailand
TL TLS Timor-Leste | East Timor
TG TGO Togo
TK TKL Tokelau
TO TON Tonga
TT TTO Trinidad and Tobago
TN TUN Tunisia
TR TUR Türkiye | Turkey
TM TKM Turkmenistan
TC TCA Turks and Caicos Islands
TV TUV Tuvalu
UG UGA Uganda
UA UKR Ukraine
AE ARE United Arab Emirates
GB GBR United Kingdom of Great Britain and Northern Ireland | United Kingdom | Great Britain
US USA United States of America | United States
UM UMI United States Minor Outlying Islands
UY URY Uruguay
UZ UZB Uzbekistan
VU VUT Vanuatu
VE VEN Venezuela, Bolivarian Republic of | Venezuela
VN VNM Viet Nam | Vietnam
VG VGB Virgin Islands (British) | British Virgin Islands
VI VIR Virgin Islands (U.S.) | United States Virgin Islands
WF WLF Wallis and Futuna
EH ESH Western Sahara
YE YEM Yemen
ZM ZMB Zambia
ZW ZWE Zimbabwe
"""

# Groups and exceptionally reserved codes that people write for a country.
_EXTRA: Mapping[str, str] = {
    "eu": "EU", "european union": "EU",
    "eea": "EEA", "european economic area": "EEA",
    "uk": "GB",  # exceptionally reserved for the United Kingdom
    "el": "GR",  # the EU's own code for Greece
    "xk": "XK", "xkx": "XK", "kosovo": "XK",  # user-assigned code used by the EU and others
}

# The 27 EU member states (alpha-2); the EEA adds Iceland, Liechtenstein and Norway.
EU_MEMBERS: frozenset[str] = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    }
)  # fmt: skip
EEA_MEMBERS: frozenset[str] = EU_MEMBERS | {"IS", "LI", "NO"}


def fold(text: str) -> str:
    """Lower case, accents removed, spaces collapsed, typographic apostrophes made plain."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in _COUNTRIES.splitlines():
        alpha2, alpha3, names = row.split(" ", 2)
        table[alpha2.casefold()] = alpha2
        table[alpha3.casefold()] = alpha2
        for name in names.split("|"):
            table[fold(name)] = alpha2
    table.update(_EXTRA)
    return table


def canonical(text: str) -> str | None:
    """The alpha-2 code (or ``EU``/``EEA``) that ``text`` names; None when it names none."""
    return _table().get(fold(text))


def suggestion(text: str) -> str | None:
    """The closest known code or name to an unknown ``text``, as it would be written."""
    import difflib

    key = fold(text)
    if key in ("europe", "european", "europa"):
        return "EU"
    if len(key) <= 3:  # a near miss of a two- or three-letter code is as likely any other code
        return None
    close = difflib.get_close_matches(key, [k for k in _table() if len(k) > 3], n=1, cutoff=0.75)
    return _display_name(close[0]) if close else None


def _display_name(folded: str) -> str:
    for row in _COUNTRIES.splitlines():
        for name in row.split(" ", 2)[2].split("|"):
            if fold(name) == folded:
                return name.strip()
    return {"european union": "European Union", "european economic area": "European Economic Area"}.get(folded, folded)
