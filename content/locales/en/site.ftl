locale-name = English
locale-dir = ltr
