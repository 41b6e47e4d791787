# The guide: "I think someone may be trafficked. What should I do?"
# Steps are in content/guide/*.toml; these are their words. Plain, calm, short; second person.
#
# Facts about hotlines and emergency numbers come only from data/hotlines.csv (each row names
# where it was seen: humantraffickinghotline.org, polarisproject.org, acf.hhs.gov for the
# National Human Trafficking Hotline; fcc.gov text-to-911 quick facts for 911), seen 2026-12-01.

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
guide-ui-postal-prompt = Postal code
guide-ui-postal-hint = To see what is nearest, type p and a postal code, for example: p 10001. Nothing is saved.
guide-ui-no-results = Nothing was found nearby in the directory. The hotlines can help you find services.
guide-ui-see-also = On the web

## Actions: default labels and the sentence under them

guide-action-hotlines = Hotlines you can call now
guide-action-hotlines-detail = These lines are open 24 hours a day.
guide-action-nearest-organizations = Trusted organizations near you
guide-action-nearest-organizations-detail = Organizations that work with trafficking survivors. Give a postal code to see the nearest.
guide-action-nearest-hospital = The nearest hospital
guide-action-nearest-hospital-detail = Hospitals with an emergency department. Give a postal code to see the nearest.
guide-action-pocket-card = Print the pocket card
guide-action-pocket-card-detail = A small card with hotline and shelter numbers. It fits in a wallet.
guide-action-emergency = Emergency: 911
guide-action-emergency-detail = Call 911 only when someone's life or safety is in danger right now. It sends the police, an ambulance or firefighters. You can ask for an interpreter. Text-to-911 works only in some areas, so call if you can.

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
guide-danger-now-p1 = When someone's life or safety is at risk right now, call emergency services. This is the one time not to wait.
guide-danger-now-p2 = When they answer, tell them:
guide-danger-now-say-where = where you are: the address, or what you can see around you
guide-danger-now-say-what = what is happening, in a few words
guide-danger-now-say-hurt = whether anyone is hurt
guide-danger-now-say-language = if someone needs an interpreter, and which language
guide-danger-now-fear = The person at risk may be afraid of the police. People who control others often tell them they will be arrested or deported. That fear is real. You can tell the responders you think the person may be a victim of trafficking.
guide-danger-now-p3 = Don't put yourself in danger. Don't try to stop anyone yourself.
guide-danger-now-p4 = When the emergency is over, you can talk it through with people who know.
guide-danger-now-hotlines-detail = After the emergency, a hotline can help you think about what comes next.

## It's hard to tell

guide-hard-to-tell-title = You probably can't tell by looking
guide-hard-to-tell-p1 = Trafficking is often hidden. One look, or one conversation, is not enough to know what is happening in someone's life.
guide-hard-to-tell-p2 = No checklist can prove it. Understanding takes time.
guide-hard-to-tell-p3 = Some signs can help you stay attentive. They only mean something together, and in context.

## Signs in context

guide-signs-title = Signs, always in context
guide-signs-p1 = Guides written by people who work on trafficking group the signs like this.
guide-signs-work = Work and living conditions:
guide-signs-work-1 = can't leave the job, or the place they live
guide-signs-work-2 = owes a debt that never seems to get smaller
guide-signs-work-3 = the job is not the one they were promised
guide-signs-work-4 = lives where they work, or the place has unusual locks or guards
guide-signs-fear = Fear and behaviour:
guide-signs-fear-1 = seems afraid, anxious or tense
guide-signs-fear-2 = avoids eye contact
guide-signs-fear-3 = is afraid of the police
guide-signs-fear-4 = gives answers that sound rehearsed
guide-signs-health = Health:
guide-signs-health-1 = injuries that were not treated
guide-signs-health-2 = very tired, or not eating enough
guide-signs-control = Control, documents and money:
guide-signs-control-1 = doesn't have their own ID or papers
guide-signs-control-2 = doesn't control their own money
guide-signs-control-3 = someone else always speaks for them
guide-signs-control-4 = isn't free to come and go
guide-signs-other = Other:
guide-signs-other-1 = doesn't know where they are
guide-signs-other-2 = has lost contact with family and friends
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
guide-police-consent-p3 = In every other case, talk to a qualified organization first. They work with the person's consent.
guide-police-consent-link = Read more: consent and the police

## Not a rescuer

guide-not-a-rescuer-title = The person decides
guide-not-a-rescuer-p1 = Wanting to rescue someone comes from a good place. But a rescue puts the helper's view at the centre. It can push aside the person's own voice, choices and dignity.
guide-not-a-rescuer-p2 = The person knows their situation better than anyone. They may have reasons to stay for now, like a debt, threats to their family, or fear about their papers.
guide-not-a-rescuer-p3 = Your part is to be someone they can trust, and to make help easier to reach when they want it.

## How often

guide-how-often-title = Do you see this person regularly?
guide-how-often-p1 = For example, a neighbour, a co-worker, or someone at a shop or place you go to often.
guide-how-often-a-yes = Yes, I see them often
guide-how-often-a-no = No, I saw them once, or I may not see them again
guide-how-often-a-unsure = I'm not sure

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
guide-call-experts-p3 = The hotline acts only with the caller's consent. The exceptions are when a minor is involved, or when someone is in immediate danger.
guide-call-experts-p4 = You can also contact a trusted organization near you. Tell them what you noticed, in your own words. They can help you think about what to do next, if anything.

## Is there trust?

guide-is-there-trust-title = Does the person trust you?
guide-is-there-trust-p1 = Think about whether the two of you can talk, in private, about everyday things.
guide-is-there-trust-a-yes = Yes, we talk, and they seem to trust me
guide-is-there-trust-a-not-yet = Not yet

## Not yet

guide-not-yet-title = Keep being there
guide-not-yet-p1 = That's normal. Trust can take weeks or months.
guide-not-yet-p2 = Keep being friendly and reliable. Keep a hotline number with you. If something changes, or you are worried, call the hotline again.
guide-not-yet-p3 = If someone's life is in danger at any moment, call 911.

## Concrete help

guide-concrete-help-title = Small, concrete things help
guide-concrete-help-p1 = Once there is trust, you can offer practical help, little by little, in everyday contact. Offer, don't push. It is their choice to say yes or no.
guide-concrete-help-phone = A mobile phone that is theirs alone, that no one else controls.
guide-concrete-help-card = Numbers for trafficking hotlines and domestic violence shelters. The pocket card is small and easy to hide.
guide-concrete-help-emergency = How emergency numbers work: what happens when you call 911, and that text-to-911 works only in some areas.
guide-concrete-help-hospital = Where the nearest hospital is.
guide-concrete-help-warning = Only give a card or a phone if it is safe for them to have it. If the person controlling them found it, it could put them in danger. Ask them what is safe.

## Look after yourself

guide-care-for-yourself-title = Look after yourself
guide-care-for-yourself-p1 = Worrying about someone is hard. It's normal to feel upset, angry or helpless.
guide-care-for-yourself-p2 = You are not responsible for fixing someone else's situation. Doing what you safely can is enough.
guide-care-for-yourself-p3 = Talk to someone you trust. You can also call a hotline to talk it through.
guide-care-for-yourself-hotlines-detail = You can call about what you saw, or about how you feel.

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
guide-me-danger-p1 = If you are in danger right now, call 911.
guide-me-danger-p2 = Text-to-911 works only in some areas. Call if you can.
guide-me-danger-p3 = Say where you are. If you need another language, say which one. You can ask for an interpreter.
guide-me-danger-p4 = If you are afraid of the police, that is understandable. When you can, a trafficking hotline can talk with you in confidence about your options. It acts only with your consent, except when a minor is involved or someone is in immediate danger.

guide-me-talk-title = Talk to someone, in confidence
guide-me-talk-p1 = You can call, text or chat with a hotline. You decide what to share, and what happens next.
guide-me-talk-p2 = The National Human Trafficking Hotline is open 24 hours a day. By phone it has interpreters for more than 200 languages. Text and chat are in English and Spanish.
guide-me-talk-p3 = If you are hurt or sick, a hospital emergency department can treat you.
guide-me-talk-hotlines-detail = Confidential help, information and referrals, 24 hours a day.

guide-me-safety-title = Staying safe on this device
guide-me-safety-p1 = If someone else uses or checks this phone or computer, they may see what you looked at.
guide-me-safety-1 = Use a private or incognito window if you can.
guide-me-safety-2 = Clear your browsing history afterwards.
guide-me-safety-3 = Use the Quick exit button to leave this site fast.
guide-me-safety-4 = Learn a hotline number by heart, or keep the pocket card where only you will find it.
guide-me-safety-p2 = You are not alone. Help is there when you want it.
guide-me-safety-link = More safety tips
