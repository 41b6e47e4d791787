# The guide: "I think someone may be trafficked. What should I do?"
# Steps are in content/guide/*.toml; these are their words. Plain, calm, short; second person.
#
# Facts about hotlines and emergency numbers come only from haven's sources, each with where it
# was seen and when:
# - data/sources/hotlines.csv: numbers, text codes, hours, languages (humantraffickinghotline.org,
#   polarisproject.org, acf.hhs.gov for the National Human Trafficking Hotline; fcc.gov
#   text-to-911 quick facts for 911), seen 2026-12-01;
# - data/sources/hotline-facts.csv: what the hotline does with what you tell it, seen 2026-12-02:
#   https://humantraffickinghotline.org/our-approach (it weighs the consent of the person in the
#   situation; it informs authorities at once when it suspects child abuse or imminent harm; it
#   serves everyone whatever their immigration status),
#   https://humantraffickinghotline.org/faqs/hotline-faqs (help or tips can be anonymous; share
#   only what you are comfortable with), https://humantraffickinghotline.org/es/node/1167 (what
#   can happen after a call), https://www.vtti.vt.edu/highway-heroes/response.html (not a law
#   enforcement or immigration authority), https://www.fcc.gov/consumers/guides/911-wireless-services
#   (tell the operator where you are first; every mobile call to 911 goes through),
#   https://uscis.gov/humanitarian/victims-of-human-trafficking-and-other-crimes/victims-of-human-trafficking-t-nonimmigrant-status
#   (the T visa; under 18, commercial sex is trafficking), https://freedomnetworkusa.org/srp_states/ny/
#   (New York's vacatur law, CPL 440.10(1)(i)), and the New York child abuse lines (ny-scr-*).

## The guide's controls (web and terminal)

guide-ui-title = What should I do?
guide-ui-continue = Continue
guide-ui-back = Back
guide-ui-start-over = Start over
guide-ui-quit = Quit
guide-ui-end = This is the end of the guide. You can go back, start over, or quit.
guide-ui-choose = Your choice
guide-ui-keys-tty = Up and down arrows to move, Enter to choose, or type a number. b: back. s: start over. q: quit.
guide-ui-keys-plain = Type a number and press Enter. b: back. s: start over. q: quit.
guide-ui-invalid = Please type one of the numbers shown, or b, s or q.
guide-ui-key-back = b
guide-ui-key-start-over = s
guide-ui-key-quit = q
guide-ui-postal-prompt = Postal code
guide-ui-postal-hint = To see what is nearest, type p and a postal code, for example: p 10001. Nothing is saved.
guide-ui-no-results = Nothing was found nearby in the directory. The hotlines can help you find services.
guide-ui-see-also = On the web
guide-ui-footer = Help, 24 hours a day:

## Actions: default labels and the sentence under them

guide-action-hotlines = Hotlines you can call now
guide-action-hotlines-detail = Lines you can call or text, open 24 hours a day. For immediate danger, call 911 instead.
guide-action-nearest-organizations = Organizations near you
guide-action-nearest-organizations-detail = Organizations in the directory that work with trafficking survivors. If none is listed near you, the hotline can tell you about local organizations.
guide-action-nearest-hospital = The nearest hospital
guide-action-nearest-hospital-detail = Hospitals with an emergency department. Give a postal code to see the nearest.
guide-action-pocket-card = Print the pocket card
guide-action-pocket-card-detail = A small card with the trafficking and domestic violence hotlines, and how to text them. It fits in a wallet.
guide-action-emergency = Emergency: 911
guide-action-emergency-detail = Call 911 only when someone's life or safety is in danger right now. It is an emergency line, not a helpline: it sends the police, an ambulance or firefighters. Say first where you are. You can ask for an interpreter. Text-to-911 works only in some areas, so call if you can.

## Start

guide-start-title = What is happening?
guide-start-p1 = This guide is for when you think someone may be trafficked, or when you need help yourself.
guide-start-p2 = It takes a few minutes. You can stop at any time.
guide-start-a-danger = Someone's life or safety is in danger right now
guide-start-a-worried = I'm worried about someone I met or see
guide-start-a-me = I need help for myself
guide-start-a-learn = I want to learn how to help

## Danger right now

guide-danger-now-title = If someone is in danger right now, call 911
guide-danger-now-p1 = When someone's life or safety is at risk right now, call 911. This is the one time not to wait. When they answer, tell them:
guide-danger-now-say-where = first, where you are: the address, or what you can see around you
guide-danger-now-say-what = what is happening, in a few words
guide-danger-now-say-hurt = whether anyone is hurt
guide-danger-now-say-language = if someone needs an interpreter, and which language
guide-danger-now-fear = The person at risk may be afraid of the police. People who control others often tell them they will be arrested or deported. That fear is real. You can tell the responders you think the person may be a victim of trafficking.
guide-danger-now-p3 = Stay on the line if you can. Don't put yourself in danger, and don't try to stop anyone yourself. When the emergency is over, you can talk it through with people who know.
guide-danger-now-hotlines-detail = After the emergency, a hotline can help you think about what comes next.

## It's hard to tell

guide-hard-to-tell-title = You probably can't tell by looking
guide-hard-to-tell-p1 = Trafficking means forcing, tricking or threatening someone into work or into commercial sex. Any commercial sex with someone under 18 is trafficking. It can happen in homes, farms, restaurants, shops, building sites or online, to citizens and to people from other countries.
guide-hard-to-tell-p1b = It is often hidden. One look, or one conversation, is not enough to know what is happening in someone's life.
guide-hard-to-tell-p2 = No checklist can prove it. Understanding takes time.
guide-hard-to-tell-p3 = First, what not to do. Then some signs that can help you stay attentive.

## Signs in context

guide-signs-title = Signs, always in context
guide-signs-p1 = Polaris, which runs the national hotline, and the US Department of Homeland Security's Blue Campaign group the signs of trafficking roughly like this. They only mean something together, and in context.
guide-signs-work = Work and living conditions: can't leave the job or the place they live, a debt that never gets smaller, a job that is not the one they were promised.
guide-signs-fear = Fear and behavior: seems afraid or tense, is afraid of the police, gives answers that sound rehearsed.
guide-signs-health = Health: injuries that were not treated, exhaustion, not eating enough.
guide-signs-control = Control: no ID or papers of their own, no control of their money, someone else always speaks for them, not free to come and go.
guide-signs-other = Other: doesn't know where they are, has lost contact with family and friends.
guide-signs-warning = No single sign proves anything. Seeing no signs proves nothing either. Signs are a reason to stay attentive and to ask experts. They are not a test to run on someone.
guide-signs-link = Read more: signs in context

## Slow down

guide-slow-down-title = Stay calm. Don't rush in.
guide-slow-down-p1 = Caring is good. But acting fast, before you understand the person's situation, can put them in more danger. The person controlling them may be close by.
guide-slow-down-dont-1 = Don't confront anyone you think may be controlling them.
guide-slow-down-dont-2 = Don't ask the person about it where someone could see or hear.
guide-slow-down-dont-3 = Don't follow, photograph or investigate anyone.
guide-slow-down-dont-4 = Don't share what you suspect with people around them.
guide-slow-down-p2 = You don't have to solve this alone, and you don't have to do it today.

## The police and consent

guide-police-consent-title = The police, and the person's consent
guide-police-consent-p1 = Calling the police may feel like the right thing to do. But calling the police about someone, without their knowledge or agreement, can harm them.
guide-police-consent-p2 = They may be arrested, detained or deported instead of helped. The person controlling them may punish them. And they may stop trusting anyone.
guide-police-consent-exception = The exception: if someone's life or safety is in danger right now, call 911.
guide-police-consent-p3 = In every other case, ask for advice first. You can tell a hotline you only want advice. Before you give names or addresses, ask what they would do with them. If a child is involved, or someone is in immediate danger, they may contact the authorities.
guide-police-consent-link = Read more: consent and the police

## Not a rescuer

guide-not-a-rescuer-title = The person decides
guide-not-a-rescuer-p1 = Wanting to rescue someone comes from a good place. But a rescue puts the helper's view at the center. It can push aside the person's own voice, choices and dignity.
guide-not-a-rescuer-p2 = The person knows their situation better than anyone. They may have reasons to stay for now, like a debt, threats to their family, or fear about their papers.
guide-not-a-rescuer-p3 = Your part is to be someone they can trust, and to make help easier to reach when they want it.

## Could the person be under 18?

guide-under-18-title = Could the person be under 18?
guide-under-18-p1 = Some things are different when the person may be a child or a teenager.
guide-under-18-a-yes = Yes, or I'm not sure
guide-under-18-a-no = No, they are an adult

guide-minor-title = If the person may be under 18
guide-minor-p1 = Any commercial sex with someone under 18 is trafficking, even if no one seems to force them. Exchanging sex for a place to sleep, food or money counts too.
guide-minor-p2 = If you call the trafficking hotline about someone under 18, it will tell the appropriate authorities at once if it suspects child abuse. Know this before you call.
guide-minor-p3 = In New York, teachers and other school staff, doctors, nurses, hospital staff, social workers, child care workers, police and some others are mandated reporters: the law requires them to report suspected child abuse. They call the State Central Register line for mandated reporters, 1-800-635-1522.
guide-minor-p4 = Anyone else can call New York's child abuse hotline, 1-800-342-3720, 24 hours a day, and can stay anonymous. TTY: 1-800-638-5163. If it happened online, you can also report it to the CyberTipline at https://report.cybertip.org without giving your name.
guide-minor-warning = Don't question the young person about what happened, and don't confront anyone. If they are in danger right now, call 911.

## How often

guide-how-often-title = Which is closest to your situation?
guide-how-often-p1 = What you can do depends on how you know the person.
guide-how-often-a-yes = I see them regularly: a neighbor, a co-worker, someone at a shop or place I go to
guide-how-often-a-no = I saw them once, or I may not see them again
guide-how-often-a-remote = We are in touch online or by phone, or they are far away
guide-how-often-a-told = They told me what is happening, or that they want to leave
guide-how-often-a-unsure = I'm not sure

## I saw them once

guide-saw-once-title = If you saw them only once
guide-saw-once-p1 = You can still do something useful, without going back.
guide-saw-once-1 = Call or text a hotline and tell them what you saw, in your own words. You don't need proof, and you don't have to give your name.
guide-saw-once-2 = Don't go back to look for more, and don't follow, photograph or investigate anyone.
guide-saw-once-3 = If you happen to see them again, be friendly and ordinary, nothing more.
guide-saw-once-p2 = You may never hear what happened next. That is normal, and it does not mean your call was useless.

## Online or far away

guide-remote-title = If you are in touch online, or from far away
guide-remote-p1 = People are also recruited through job ads, dating sites and social media. A relative or friend far away may message you about a job that changed, or a debt they can't pay.
guide-remote-1 = Keep in touch in the way they choose. Reply calmly, without pressure.
guide-remote-2 = Don't post about their situation, and don't forward their messages or photos.
guide-remote-3 = Don't contact the person you suspect of controlling them, online or in any other way.
guide-remote-4 = If they are in the US, the national hotline can help wherever they are. If they are in another country, a hotline can tell you who works on trafficking there.

## They told me

guide-told-me-title = If they tell you what is happening
guide-told-me-p1 = If someone tells you they are being forced, or that they want to leave, it took courage.
guide-told-me-1 = Believe them. Listen, stay calm, and thank them for telling you.
guide-told-me-2 = Ask what they want, and what would feel safe for them. Don't decide for them.
guide-told-me-3 = Offer to call or text a hotline together, somewhere private, from a phone that is safe.
guide-told-me-4 = Don't promise things you can't be sure of, like "you will be safe" or "you won't be deported".
guide-told-me-p2 = If they or anyone else is in danger right now, call 911.


## Build trust

guide-build-trust-title = Build trust, slowly
guide-build-trust-p1 = If you see the person often, you can become someone they feel safe with. This takes time.
guide-build-trust-1 = Be friendly. Say hello. Make small talk.
guide-build-trust-2 = Make eye contact, and smile.
guide-build-trust-3 = Be the same reliable person each time.
guide-build-trust-4 = Talk about everyday things. Don't question them about their life.
guide-build-trust-5 = Over time, let them know you are there if they ever want to talk.
guide-build-trust-warning = Keep it ordinary. If someone is watching them, your kindness should look like everyday kindness, nothing more.

## Ask the experts

guide-call-experts-title = Talk to people who know
guide-call-experts-p1 = You don't have to decide what to do on your own. Organizations that work with trafficking survivors can think it through with you.
guide-call-experts-p2 = In the US, the National Human Trafficking Hotline takes calls from anyone who is worried about someone. It is confidential and open 24 hours a day. By phone, interpreters cover more than 200 languages.
guide-call-experts-p3 = The hotline acts only with consent: what it does is decided with you, and where possible with the person. The exceptions: if it suspects a child is being abused, or someone is in immediate danger, it tells the authorities at once.
guide-call-experts-p4 = So, when you call or text:
guide-call-experts-1 = Say what you noticed, in your own words. You don't need proof.
guide-call-experts-2 = You can say you only want advice. You don't have to give your name.
guide-call-experts-3 = Before you give names or addresses, ask what they would do with them.
guide-call-experts-4 = Ask which local organizations could help.
guide-call-experts-p5 = Look for organizations that take a human-rights, survivor-led approach: the person's safety, choices and dignity come first.

## After you call

guide-after-call-title = What can happen after you call
guide-after-call-p1 = An advocate listens and asks some questions. You can answer only what you want to.
guide-after-call-1 = They may help you think about what to do, or what not to do.
guide-after-call-2 = They may give you local organizations to contact, for you or for the person.
guide-after-call-3 = They may offer to follow up with you, or to pass on what you told them, with your consent.
guide-after-call-p2 = You may not hear what happens next. You can call back at any time, if something changes or if you are worried.

## Is there trust?

guide-is-there-trust-title = Does the person trust you?
guide-is-there-trust-p1 = Think about whether the two of you can talk, in private, about everyday things.
guide-is-there-trust-a-yes = Yes, we talk, and they seem to trust me
guide-is-there-trust-a-not-yet = Not yet

## Not yet

guide-not-yet-title = Keep being there
guide-not-yet-p1 = That's normal. Trust can take weeks or months.
guide-not-yet-p2 = Keep being friendly and reliable. Keep a hotline number with you. If something changes, or you are worried, call a hotline.
guide-not-yet-p3 = If someone's life is in danger at any moment, call 911.

## Concrete help

guide-concrete-help-title = Small, concrete things help
guide-concrete-help-p1 = Once there is trust, you can offer practical help, little by little, in everyday contact. Offer, don't push. It is their choice to say yes or no.
guide-concrete-help-phone = A mobile phone that is theirs alone, that no one else controls: for example a prepaid phone, not on your plan. Don't check it yourself.
guide-concrete-help-card = Numbers for the trafficking and domestic violence hotlines, and how to text them. The pocket card is small and easy to hide.
guide-concrete-help-emergency = How 911 works: any mobile phone can call it; say first where you are, then what is happening; it sends the police, an ambulance or firefighters; text-to-911 works only in some areas.
guide-concrete-help-hospital = Where the nearest hospital is.
guide-concrete-help-warning = Only give a card or a phone if it is safe for them to have it. If the person controlling them found it, it could put them in danger. Ask them what is safe.

## Look after yourself

guide-care-for-yourself-title = Look after yourself
guide-care-for-yourself-p1 = Worrying about someone is hard. It's normal to feel upset, angry or helpless.
guide-care-for-yourself-p2 = You are not responsible for fixing someone else's situation. Doing what you safely can is enough.
guide-care-for-yourself-p3 = Hearing about someone's suffering can stay with you. Talk to someone you trust. You can also call a hotline to talk it through.
guide-care-for-yourself-hotlines-detail = You can call these lines about what you saw, or about how you feel.

## Other ways to help

guide-other-ways-title = Other ways to help end trafficking
guide-other-ways-p1 = Even if you're not sure what you saw, or you can't help in the moment, there is a lot you can do.
guide-other-ways-1 = Learn how trafficking works, and what helps survivors.
guide-other-ways-2 = Support organizations led by survivors.
guide-other-ways-3 = Share accurate information, and gently correct myths when you hear them.
guide-other-ways-4 = Take part in Human Trafficking Awareness Day, on January 11 in the US.
guide-other-ways-5 = Keep a hotline number in your phone, in case you or someone else needs it.
guide-other-ways-learn = Read the short series

## For the person at risk

guide-for-me-title = Are you in danger right now?
guide-for-me-p1 = We're glad you're here. You decide what happens in your life, and what you want to do next.
guide-for-me-p2 = If someone may check this phone or computer, read the safety tips first.
guide-for-me-a-danger = Yes, I'm in danger now
guide-for-me-a-talk = No, but I want to talk to someone
guide-for-me-a-safety = I want to know how to use this device safely

guide-me-danger-title = Call 911 if you can
guide-me-danger-p1 = If you are in danger right now, call 911. Any mobile phone can call it.
guide-me-danger-p2 = Text-to-911 works only in some areas. Call if you can.
guide-me-danger-p3 = First say where you are. If you need another language, say which one. You can ask for an interpreter.
guide-me-danger-p4 = If you are afraid of the police, that is understandable. When you can, a trafficking hotline can talk with you in confidence about your options. It is not the police or immigration. It acts only with your consent, except when a minor is involved or someone is in immediate danger.

guide-me-talk-title = Talk to someone, in confidence
guide-me-talk-p1 = You can call, text or chat with a hotline. You decide what to share, and what happens next.
guide-me-talk-p2 = The National Human Trafficking Hotline is open 24 hours a day. By phone it has interpreters for more than 200 languages. Text and chat are in English and Spanish.
guide-me-talk-p3 = If you are hurt or sick, a hospital emergency department can treat you.
guide-me-talk-hotlines-detail = Confidential help, information and referrals, 24 hours a day.

guide-me-options-title = Your options, whatever your papers
guide-me-options-p1 = The National Human Trafficking Hotline is not the police or immigration. It helps people whatever their immigration status. You can stay anonymous, and share only what you want to.
guide-me-options-p2 = Some survivors of trafficking can get immigration protection, such as a T visa. In New York, some can also have convictions cleared, if they were arrested because of what was done to them.
guide-me-options-p3 = Whether this applies to you depends on your situation. A lawyer who knows trafficking can explain. The hotline can refer you to legal services.
guide-me-options-p4 = If you are under 18 and the hotline suspects child abuse, it will tell the appropriate authorities.
guide-me-options-link = Read more: what organizations do

guide-me-safety-title = Staying safe on this device
guide-me-safety-p1 = If someone else uses or checks this phone or computer, they may see what you looked at.
guide-me-safety-1 = Use a private or incognito window if you can.
guide-me-safety-2 = Delete the pages of this site from your history. Deleting everything can look unusual.
guide-me-safety-3 = Use the Quick exit button to leave this site fast.
guide-me-safety-4 = Learn a hotline number by heart, or keep the pocket card where only you will find it.
guide-me-safety-p2 = You are not alone. Help is there when you want it.
guide-me-safety-link = More safety tips
