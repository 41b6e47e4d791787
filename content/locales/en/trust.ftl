# What haven's listings are and are not: the /about/trust page and the provenance lines every
# listing shows. Facts about sources: data/sources/README.md (dates as given there).

trust-title = What our listings are, and are not
trust-lead = haven lists organizations, hotlines, shelters and hospitals taken from public sources. A listing tells you who says they help and how to reach them. It is not a recommendation and not a guarantee.
trust-sources-heading = Where each listing comes from
trust-source-hotlines = Hotlines: each line's own public pages and federal pages, as seen on 2026-12-01. Each hotline shows its source.
trust-source-nyc = New York City organizations: the NYC Crime Victim Services Finder (City of New York), a map of city-funded services for victims of crime, data of 2021-06-07. Some of these details may have changed since.
trust-source-leads = New York anti-trafficking organizations: organizations' own pages, official press releases and federal grant pages (2009-2022), gathered on 2026-12-02. These are leads: each is marked "not yet verified".
trust-source-evidence = Network memberships and grants: the New York Anti-Trafficking Network's pages (2013-2015), Freedom Network USA, and US Department of Justice grant pages, each shown with its source and its years.
trust-source-hospitals = Hospitals: HIFLD Hospitals (US Department of Homeland Security, 2022 release) and CMS Hospital General Information (which hospitals report an emergency department).
trust-source-taxonomy = Service types: the Open Eligibility Human Services Taxonomy by Aunt Bertha, Inc., licensed under a Creative Commons Attribution-ShareAlike 3.0 Unported License.
trust-verified-heading = What "verified" means here
trust-verified-what = haven calls a listing verified only when a person has checked it with the organization. None of the listings that come with haven has been verified that way yet: they are copies of public sources, shown with the date of the source.
trust-verified-stale = A listing whose source is more than a year old says "not verified since" and the date. Numbers and hours change: call before you go.
trust-endorse-heading = A listing is not an endorsement
trust-endorse-what = Being listed, or being shown as a member of a network, does not mean that haven or anyone else vouches for an organization. It means a public source lists it. You decide whom to call, and you can ask a hotline which local groups it works with.
trust-confidential-heading = Private addresses
trust-confidential-what = The addresses of shelters and safe houses are never shown. They are listed by their phone number and the area they are in, and distances to them are rounded.
trust-report-heading = If a listing is wrong
trust-report-what = If a number does not work or a place has closed, please tell the people who run this site. Nobody will ask who you are. If you need help now, call a hotline instead: they keep their own lists of local groups.

listing-source-heading = Where this listing comes from
listing-source-seen = From { $source }, as published on { $date }.
listing-source-seen-undated = From { $source }.
listing-seen-on = From a public source, as published on { $date }.
listing-lead = Not yet verified. Found in: { $source } ({ $date }).
listing-verified = Verified on { $date }.
listing-verified-by = Verified on { $date } by { $source }.
listing-stale = Not verified since { $date }. Call before you go.
listing-unknown = We don't know where this listing comes from or when it was checked. Call before you go.
listing-not-endorsement = A listing is not an endorsement.
listing-about-trust = What our listings are, and are not
listing-confidential = The address of this place is kept private to keep the people there safe. Call to reach them.
listing-about-org = About this organization
listing-evidence-source = Source: { $source } ({ $date })

# Hospitals that serve only some people (from the HIFLD hospital type and name).
hospital-serves-some = Serves only some people.
hospital-kind-psychiatric-hospital = A psychiatric hospital: mental health care only.
hospital-kind-childrens-hospital = A children's hospital: care for children and young people.
hospital-kind-veterans-or-military = A veterans (VA) or military hospital: others are usually seen only in an emergency.
hospital-kind-long-term-care = A long-term care hospital: by admission, not walk-in.
hospital-kind-rehabilitation-hospital = A rehabilitation hospital: by admission, not walk-in.
hospital-kind-womens-hospital = A women's hospital.
hospital-kind-chronic-disease-hospital = A chronic disease hospital: by admission, not walk-in.

# Finding local help: lines that serve an area, places by distance.
find-area-heading = Serves your area: call or text
find-area-hint = These lines help anyone in the area they serve. You do not need to go anywhere.
find-area-serves = Serves: { $area }
find-places-heading = Places near you
find-distance-about = about { $km } km ({ $mi } mi)
find-no-local = We don't know of a local organization near { $place }. The lines that serve your area can refer you to local groups.
