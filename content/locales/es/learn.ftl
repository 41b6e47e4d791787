# La serie (content/learn/<locale>/): su página, su feed y los nombres de los temas.

learn-title = Aprende: qué hacer y qué no hacer
learn-intro = Una serie breve en once partes. Cada una se lee en pocos minutos.
learn-feed-title = haven: ¿Qué hago? Una serie breve
learn-feed-subtitle = Cómo ayudar a alguien que puede ser víctima de trata, sin ponerla en riesgo.
learn-feed-author = haven
learn-part-of = Parte { $part } de { $total }
learn-tags = Temas
learn-previous = Anterior
learn-next = Siguiente
learn-share = Comparte esta parte

## Nombres de los temas (las etiquetas de los artículos son estos identificadores)

learn-tag-basics = Lo básico
learn-tag-myths = Mitos y realidades
learn-tag-signs = Señales
learn-tag-safety = Seguridad
learn-tag-consent = Consentimiento
learn-tag-trust = Ganar confianza
learn-tag-hotlines = Líneas de ayuda
learn-tag-practical-help = Ayuda práctica
learn-tag-survivors = Sobrevivientes
learn-tag-take-action = Pasar a la acción
