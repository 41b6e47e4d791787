# haven's web pages (English). Guide and series messages live in guide.ftl and learn.ftl.
locale-name = English
locale-dir = ltr

site-name = haven
quick-exit = Quick exit
quick-exit-help = Quick exit leaves this site at once for a weather page. You can also press the Shift key three times. It does not erase your browsing history: see Staying safe online.
skip-to-content = Skip to content
nav-label = Main
lang-label = Language
nav-find = Find help
nav-hotlines = Hotlines
nav-guide = I'm worried about someone
nav-learn = Learn
nav-safety = Staying safe online
nav-card = Pocket card
nav-about = About the data
footer-emergency-html = If someone's life is in danger right now, call <a href="tel:911">911</a> (in the US).
footer-privacy = haven sets no cookies, loads nothing from other sites and keeps no record of what you look at.

error-not-found-title = Page not found
error-not-found = There is no page at this address.
error-bad-request-title = Please check what you asked for
error-server-title = Something went wrong
error-server = Something went wrong on our side. Please try again in a moment. The hotlines are always listed on the hotlines page.
error-home = Go to the home page

home-title = Help for someone who may be trafficked
home-lead = Calm, practical steps for people who are worried about someone, and a directory of trusted help for anyone who needs it.
home-door-worried = I'm worried about someone
home-door-worried-detail = What to do, and what not to do, step by step.
home-door-help = I need help
home-door-help-detail = Hotlines, and places near you.
home-hotlines-heading = Talk to someone now
home-all-hotlines = All hotlines: call, text, chat and TTY
home-more-heading = More
home-near = Postal code or place

find-title = Find help
find-title-results = Find help: results
find-title-errors = Find help: please check the form
find-errors-heading = Please check:
find-near-label = Postal code or place
find-near-hint = For example 10001 or Houston. Leave it empty to search everywhere.
find-use-location = Use my location
find-locating = Finding your location…
find-location-denied = Your location is not available. Type a postal code or a place instead.
find-your-location = your location
find-q-label = What kind of help (words)
find-type-label = Type of service
find-type-any = Any type
find-radius-label = Distance
find-radius-any = Nearest first, any distance
find-radius-km = Within { $km } km
find-language-label = Language spoken
find-language-any = Any language
find-only-legend = Only show
find-free-label = Free of charge
find-open-label = Open now
find-submit = Search
find-results-heading = Results
find-results = { $count ->
    [0] No places found.
    [one] 1 place found.
   *[other] { $count } places found.
}
find-results-near = { $count ->
    [0] No places found near { $place }.
    [one] 1 place found, nearest first, near { $place }.
   *[other] { $count } places found, nearest first, near { $place }.
}
find-unmatched = No listing contains: { $words }.
find-none = Nothing matches all of this. Try a larger distance, fewer filters or other words.
find-none-hotlines = The hotlines can help you find a place: see all hotlines.
find-more = Show more results
find-error-lat = The latitude must be a number between -90 and 90.
find-error-lon = The longitude must be a number between -180 and 180.
find-error-postcode = We don't know the postal code "{ $input }". Check it, or type a place name.
find-error-place = We don't know the place "{ $input }". Check the spelling, or type a postal code.
find-error-coordinates = "{ $input }" is not a place we can find. Type a postal code or a place name.
find-did-you-mean = Did you mean: { $options }?
find-error-radius = The distance must be a number of kilometers above 0 and at most { $max }.
find-error-radius-needs-place = A distance needs a place to measure from: type a postal code or a place.
find-error-limit = The number of results must be between 1 and { $max }.
find-error-language = The language must be a language code such as "es".
find-error-type = There is no service type "{ $input }". Choose one from the list.

language-en = English
language-es = Spanish
language-zh = Chinese
language-vi = Vietnamese
language-ko = Korean
language-ru = Russian
language-ar = Arabic
language-fr = French
language-ht = Haitian Creole
language-pt = Portuguese
language-tl = Tagalog
language-asl = American Sign Language

status-open = Open now
status-open-closes = Open now, closes at { $time }
status-closed = Closed now
status-closed-opens = Closed now, opens { $day } at { $time }
status-unknown = Hours unknown: call before you go
day-mon = Monday
day-tue = Tuesday
day-wed = Wednesday
day-thu = Thursday
day-fri = Friday
day-sat = Saturday
day-sun = Sunday

action-call = Call
action-text = Text
action-tty = TTY
action-fax = Fax
action-map-app = Open in a map app
action-directions = Directions (OpenStreetMap)
map-label = Map of the results, numbered as in the list
map-caption = The numbers match the list. The dot is where the search is centered.

service-not-found = There is no listing at this address. It may have been removed.
service-description = What they do
service-eligibility = Who can use it
service-how-to-apply = How it works
service-fees = Costs
service-interpretation = Interpreters
service-wait = Waiting time
service-alert = Notice
service-types = Type of service
service-languages = Languages
service-cost = Cost
service-free = Free of charge
service-area = Area served
service-hours = Hours
service-place = Location
service-website = Website
service-verified-heading = Last verified
service-verified-on = Last verified on { $date }.
service-verified-source = Last verified on { $date }, from: { $source }.
service-verified-unknown = We don't know when this listing was last verified. Call before you go.
service-last-modified = Listing last changed on { $date }.
service-about-data = Where our listings come from

hotlines-title = Hotlines
hotlines-intro = You can call these lines even if you are not sure what is happening. At the start of the call, you can ask what they do with what you tell them.
hotlines-emergency = If someone's life is in danger right now, call 911. It is an emergency line, not a helpline: it sends the police, firefighters or an ambulance.
hotlines-none = No hotlines are listed in this directory yet.
hotlines-card-link = Make a small card with these numbers
hotlines-other-regions = Lines in other countries
hotline-text-to = Text { $code } to { $number }
hotline-or = or
hotline-website-chat = Website and chat
hotline-consent = What they do with what you tell them
hotline-consent-unknown = Ask them at the start of the call.

hospital-title = Nearest hospital
hospital-submit = Find the nearest hospital
hospital-nearest-link = Find the nearest hospital
hospital-results = Hospitals nearest to { $place }
hospital-none = No hospitals are listed near there.
hospital-er-yes = Emergency department
hospital-er-no = No emergency department
hospital-er-unknown = Emergency department not reported

card-title = Pocket card
card-intro = Print a small card with the numbers you choose. You can give it to someone discreetly, or keep it yourself.
card-pick-legend = Numbers on the card
card-neutral-label = Use a neutral title and initials instead of names
card-update = Update the card
card-title-on-card = Help lines
card-neutral-title = Useful numbers
card-emergency-line = Emergency: 911
card-qr-alt = The card has a QR code that opens the hotlines page.
card-qr-label = Add a QR code to the hotlines page (it shows where the card came from)
card-print-hint = Print this page: only the card is printed, at credit-card size. Cut along the line.
card-error-unknown-line = One of the numbers you picked is not in the directory any more. Please choose again.

safety-title = Staying safe online
safety-lead = If someone else may check your phone or computer, these steps can help. None of them is perfect.
safety-exit-heading = The quick exit button
safety-exit-does = Quick exit takes you straight to a weather site and replaces this page in the back history, so pressing Back does not return here.
safety-exit-does-not = It does not erase your browsing history. The pages you visited here still appear in the history list until you delete them.
safety-exit-keys = On a keyboard, pressing the Shift key three times does the same. Without JavaScript, the button is still a normal link to the weather site.
safety-private-heading = Private browsing
safety-private-what = A private or incognito window does not keep history, cookies or form entries after you close it.
safety-private-how = In most browsers, open the menu and choose "New private window" or "New incognito window". Close the window when you are done.
safety-history-heading = Clearing your history
safety-history-what = You can delete the pages you visited from your browser's history.
safety-history-how = Open your browser's settings and look for "History" or "Privacy". You can often delete only the last hour.
safety-history-care = Deleting all of your history can itself look unusual to someone who checks. Deleting only certain pages may be safer.
safety-device-heading = A safer device
safety-device-what = If you can, use a device the other person does not have access to: a library computer, a friend's phone, or a phone of your own.
safety-device-phone = Calls and texts to hotlines can show in call logs and phone bills. Delete them if that is a risk, or call from another phone.
safety-device-accounts = If someone knows your passwords, they may see your email, messages or location. Change passwords from a safe device when you can.
safety-haven-heading = What haven keeps
safety-haven-what = haven sets no cookies, loads nothing from other sites, and does not record what you search for or which pages you open.
safety-haven-numbers = Your internet provider, your network or your device may still keep their own records.

about-title = About the data
about-lead = Every listing comes from a public source. Each one shows when it was last verified and where it came from.
about-sources-heading = Sources and licenses
about-hotlines-name = Hotlines
about-hotlines-detail = Names, numbers, hours and how each line handles what you tell it, gathered from each hotline's own public pages and federal pages, as seen on 2026-12-01. Each hotline shows its source.
about-hifld-name = US hospitals: HIFLD "Hospitals"
about-hifld-detail = US Department of Homeland Security, Homeland Infrastructure Foundation-Level Data (HIFLD Open), 2022 release, compiled by Oak Ridge National Laboratory. Public use, no restrictions.
about-cms-name = Emergency departments: CMS Hospital General Information
about-cms-detail = US Centers for Medicare & Medicaid Services, Provider Data Catalog. US government work, public domain. Used to mark which hospitals report an emergency department.
about-hsds-name = Data standard: Open Referral HSDS 3.0
about-hsds-detail = The Human Services Data Specification by Open Referral, licensed CC BY-SA 4.0. haven stores and shares its directory in this format.
about-gazetteer-name = Postal codes and places
about-atlas-name = Map outlines
about-atlas-detail = US state outlines from the US Census Bureau cartographic boundary files (public domain), through the us-atlas package.
about-verify-heading = How listings are verified
about-verify-what = Each listing records the date its facts were last checked against its source, and the source itself. The listings that come with haven were taken from the public sources above on the dates shown: they are a starting point, not a guarantee.
about-verify-caution = Numbers and hours change. Call before you go.
about-privacy-heading = Your privacy
about-privacy-what = haven collects nothing about the people it helps. It sets no cookies, uses no analytics, and its server logs do not contain addresses, searches or the pages you open.
about-software-heading = The software
about-software-what = haven is free software (AGPL-3.0-or-later). Its directory is open data that other services can reuse through its HSDS API.

# The guide and the series on the web (their own words are in guide.ftl and learn.ftl).
web-guide-no-step = There is no such step in the guide. Start again from the beginning.
web-guide-end = This is the end of this path. You can go back, start over, or look at the hotlines.
web-guide-nav = Guide navigation
web-guide-show-nearest = Show the nearest
web-guide-nothing-saved = Nothing you type here is saved.
web-guide-more-results = More results and filters
web-learn-feed = Follow the series (Atom feed)
web-learn-no-tag = There is no topic with this name.
web-learn-no-part = There is no part of the series at this address.
web-learn-all-parts = All parts of the series
web-learn-tag-title = Topic: { $tag }
web-learn-captions = Captions
web-learn-video-download = Download the video
web-learn-nav = Series navigation
web-share-copy = Link to copy
web-share-email = Email
web-share-sms = Text message

# Schedules in words ("Mon-Fri 9:00-17:00; Sat 10:00-14:00").
hours-day-mon = Mon
hours-day-tue = Tue
hours-day-wed = Wed
hours-day-thu = Thu
hours-day-fri = Fri
hours-day-sat = Sat
hours-day-sun = Sun
hours-every-day = Every day
hours-24 = 24 hours
hours-24-from = 24 hours from { $time }
hours-every-other-week = Every other week:
hours-every-n-weeks = Every { $n } weeks:
hours-every-n-days = Every { $n } days
hours-every-weekdays = every { $days }
hours-ordinal-1 = 1st
hours-ordinal-2 = 2nd
hours-ordinal-3 = 3rd
hours-ordinal-4 = 4th
hours-ordinal-5 = 5th
hours-ordinal-n = { $n }th
hours-last = last
hours-from-last = { $ord }-to-last
hours-and = and
hours-day-n = day { $n }
hours-day-from-end = { $ord } day
hours-of-the-month = { $what } of the month
hours-of-every-n-months = { $what } of every { $n } months
hours-from-to = { $from } to { $to }
hours-from = from { $date }
hours-until = until { $date }
hours-closed = Closed
