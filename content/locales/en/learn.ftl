# The learning series (content/learn/<locale>/): its page, feed and tag names.

learn-title = Learn: what to do, and what not to do
learn-intro = A short series in eleven parts. Each takes a few minutes to read.
learn-feed-title = haven: What should I do? A short series
learn-feed-subtitle = How to help someone who may be trafficked, without putting them at risk.
learn-feed-author = haven
learn-part-of = Part { $part } of { $total }
learn-tags = Topics
learn-previous = Previous
learn-next = Next
learn-share = Share this part

## Tag names (tags in the articles' front matter are these slugs)

learn-tag-basics = The basics
learn-tag-myths = Myths and facts
learn-tag-signs = Signs
learn-tag-safety = Safety
learn-tag-consent = Consent
learn-tag-trust = Building trust
learn-tag-hotlines = Hotlines
learn-tag-practical-help = Practical help
learn-tag-survivors = Survivors
learn-tag-take-action = Taking action
