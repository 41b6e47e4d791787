locale-name = Español
locale-dir = ltr
