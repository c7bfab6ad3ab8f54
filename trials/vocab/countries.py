"""Country names (English, Italian and a few other EU languages) and flag emoji to ISO codes."""

import re

import pycountry

from trials.text import search_key

# Names pycountry does not know, or spells differently from trial pages. English first.
ALIASES = {
    "Russia": "RU", "South Korea": "KR", "Korea": "KR", "Republic of Korea": "KR",
    "Korea, South": "KR", "North Korea": "KP", "Iran": "IR", "Turkey": "TR", "Turkiye": "TR",
    "UK": "GB", "U.K.": "GB", "Great Britain": "GB", "Britain": "GB", "England": "GB",
    "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB", "United Kingdom": "GB",
    "USA": "US", "U.S.A.": "US", "US": "US", "U.S.": "US", "United States": "US",
    "United States of America": "US", "Czech Republic": "CZ", "Vietnam": "VN",
    "Taiwan": "TW", "Syria": "SY", "Laos": "LA", "Moldova": "MD", "Bolivia": "BO",
    "Venezuela": "VE", "Tanzania": "TZ", "Macedonia": "MK", "North Macedonia": "MK",
    "Holland": "NL", "The Netherlands": "NL", "Ivory Coast": "CI", "Cote d'Ivoire": "CI",
    "Palestine": "PS", "Hong Kong": "HK", "Macau": "MO", "Macao": "MO", "Brunei": "BN",
    "Cape Verde": "CV", "Swaziland": "SZ", "Burma": "MM", "Vatican": "VA",
    "Byelorussia": "BY", "Republic of Ireland": "IE", "UAE": "AE", "DR Congo": "CD",
    "Democratic Republic of the Congo": "CD", "Republic of the Congo": "CG",
    "People's Republic of China": "CN", "PR China": "CN", "P.R. China": "CN",
    "Mainland China": "CN", "Micronesia": "FM", "Saint Kitts and Nevis": "KN",
    # Italian
    "Francia": "FR", "Germania": "DE", "Italia": "IT", "Spagna": "ES", "Regno Unito": "GB",
    "Stati Uniti": "US", "Stati Uniti d'America": "US", "Paesi Bassi": "NL", "Olanda": "NL",
    "Belgio": "BE", "Svizzera": "CH", "Austria": "AT", "Polonia": "PL", "Portogallo": "PT",
    "Grecia": "GR", "Svezia": "SE", "Danimarca": "DK", "Norvegia": "NO", "Finlandia": "FI",
    "Irlanda": "IE", "Repubblica Ceca": "CZ", "Cechia": "CZ", "Ungheria": "HU",
    "Romania": "RO", "Bulgaria": "BG", "Croazia": "HR", "Slovenia": "SI",
    "Slovacchia": "SK", "Lituania": "LT", "Lettonia": "LV", "Estonia": "EE", "Cipro": "CY",
    "Malta": "MT", "Lussemburgo": "LU", "Islanda": "IS", "Liechtenstein": "LI",
    "Federazione Russa": "RU", "Bielorussia": "BY", "Ucraina": "UA", "Turchia": "TR",
    "Serbia": "RS", "Albania": "AL", "Macedonia del Nord": "MK", "Montenegro": "ME",
    "Bosnia ed Erzegovina": "BA", "Moldavia": "MD", "Georgia": "GE", "Armenia": "AM",
    "Israele": "IL", "Egitto": "EG", "Cina": "CN", "Giappone": "JP", "Corea del Sud": "KR",
    "Corea": "KR", "India": "IN", "Brasile": "BR", "Argentina": "AR", "Messico": "MX",
    "Canada": "CA", "Australia": "AU", "Nuova Zelanda": "NZ", "Sudafrica": "ZA",
    "Sud Africa": "ZA", "Arabia Saudita": "SA", "Emirati Arabi Uniti": "AE",
    "Singapore": "SG", "Tailandia": "TH", "Thailandia": "TH", "Malesia": "MY",
    "Filippine": "PH", "Cile": "CL", "Perù": "PE", "Kazakistan": "KZ", "Marocco": "MA",
    "Tunisia": "TN", "Giordania": "JO", "Libano": "LB", "Principato di Monaco": "MC",
    # French, German, Spanish
    "Allemagne": "DE", "Espagne": "ES", "Italie": "IT", "Belgique": "BE", "Pays-Bas": "NL",
    "Suisse": "CH", "Autriche": "AT", "Pologne": "PL", "Royaume-Uni": "GB",
    "États-Unis": "US", "Suède": "SE", "Danemark": "DK", "Grèce": "GR", "Irlande": "IE",
    "Deutschland": "DE", "Frankreich": "FR", "Spanien": "ES", "Italien": "IT",
    "Niederlande": "NL", "Österreich": "AT", "Schweiz": "CH", "Polen": "PL",
    "Vereinigtes Königreich": "GB", "Alemania": "DE", "España": "ES", "Países Bajos": "NL",
    "Bélgica": "BE", "Suiza": "CH", "Estados Unidos": "US", "Reino Unido": "GB",
}  # fmt: skip

_REGIONAL_A = 0x1F1E6
_FLAG = re.compile("[\U0001f1e6-\U0001f1ff]{2}")
_TAG_FLAG = re.compile("\U0001f3f4([\U000e0061-\U000e007a]+)\U000e007f")
_SEPARATORS = re.compile(r"[\s,;/|]+")
_CONNECTORS = frozenset({"and", "e", "ed", "et", "und", "y", "&"})


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                index.setdefault(search_key(name), country.alpha_2)
    for name, code in ALIASES.items():
        index[search_key(name)] = code
    return index


_INDEX = _build_index()
_CODES = frozenset(country.alpha_2 for country in pycountry.countries)
_LONGEST_NAME = max(len(key.split()) for key in _INDEX)


def flag_code(text: str) -> str | None:
    """The ISO code of the first flag emoji in ``text`` (🇧🇾 -> BY), or None."""
    match = _FLAG.search(text)
    if match:
        code = "".join(chr(ord(ch) - _REGIONAL_A + ord("A")) for ch in match.group(0))
        return code if code in _CODES else None
    tagged = _TAG_FLAG.search(text)
    if tagged:
        code = "".join(chr(ord(ch) - 0xE0000) for ch in tagged.group(1))[:2].upper()
        return code if code in _CODES else None
    return None


def split_at_flag(text: str) -> tuple[str, str | None, str]:
    """``text`` around its first flag emoji: (before, ISO code or None, after)."""
    match = _FLAG.search(text) or _TAG_FLAG.search(text)
    if not match:
        return text, None, ""
    return text[: match.start()], flag_code(match.group(0)), text[match.end() :]


def country_code(name_or_flag: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a country name (English, Italian...) or flag emoji."""
    code = flag_code(name_or_flag)
    if code:
        return code
    key = search_key(name_or_flag).strip(" .,;:()[]")
    key = re.sub(r"^the\s+", "", key)
    return _INDEX.get(key) or _INDEX.get(search_key(name_or_flag).strip())


def split_city_country(text: str) -> tuple[str, str] | None:
    """("Minsk", "BY") from "Minsk, Belarus" or "🇧🇾Minsk, Belarus"; None without a country.

    The country is the last comma part (or last two, for "Korea, Republic of"); the city is
    the first part ("Boston, Massachusetts, United States" -> Boston). A flag alone gives
    the country of a bare city.
    """
    _before, flag, after = split_at_flag(text)
    body = after if flag else text
    parts = [part.strip() for part in re.sub(r"\s\d[\d -]*$", "", body).split(",")]
    parts = [part for part in parts if part]
    for size in (1, 2):
        if len(parts) > size:
            code = country_code(", ".join(parts[-size:]))
            if code and (flag is None or code == flag):
                return parts[0], code
    if flag and parts:
        return parts[0], flag
    return None


def countries_in_run(text: str) -> tuple[str, ...]:
    """Codes of a run of country names ("Francia Germania Italia Spagna", "Italy; France").

    Returns () unless every word belongs to a recognised country name, so that prose is
    never read as a country list.
    """
    words = [word for word in _SEPARATORS.split(search_key(" ".join(text.split()))) if word]
    codes: list[str] = []
    position = 0
    while position < len(words):
        for size in range(min(_LONGEST_NAME, len(words) - position), 0, -1):
            code = _INDEX.get(" ".join(words[position : position + size]))
            if code:
                codes.append(code)
                position += size
                break
        else:
            if words[position] not in _CONNECTORS:
                return ()
            position += 1
    return tuple(dict.fromkeys(codes))
