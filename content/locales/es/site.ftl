# Páginas web de haven (español). Los mensajes de la guía y de la serie están en guide.ftl y learn.ftl.
locale-name = Español
locale-dir = ltr

site-name = haven
quick-exit = Salida rápida
quick-exit-help = La salida rápida deja este sitio de inmediato y abre una página del clima. También puedes presionar la tecla Shift (Mayús) tres veces. No borra tu historial: mira Navegar con seguridad.
skip-to-content = Ir al contenido
nav-label = Principal
lang-label = Idioma
nav-find = Buscar ayuda
nav-hotlines = Líneas de ayuda
nav-guide = Me preocupa alguien
nav-learn = Aprender
nav-safety = Navegar con seguridad
nav-card = Tarjeta de bolsillo
nav-about = Sobre los datos
footer-emergency-html = Si la vida de alguien está en peligro ahora mismo, llama al <a href="tel:911">911</a> (en EE. UU.).
footer-privacy = haven no usa cookies, no carga nada de otros sitios y no guarda lo que consultas.

error-not-found-title = Página no encontrada
error-not-found = No hay ninguna página en esta dirección.
error-bad-request-title = Revisa lo que pediste
error-server-title = Algo salió mal
error-server = Algo salió mal de nuestro lado. Inténtalo de nuevo en un momento. Las líneas de ayuda siempre están en la página de líneas de ayuda.
error-home = Ir a la página de inicio

home-title = Ayuda para alguien que puede ser víctima de trata
home-lead = Pasos tranquilos y prácticos para quien se preocupa por alguien, y un directorio de ayuda de confianza para quien la necesite.
home-door-worried = Me preocupa alguien
home-door-worried-detail = Qué hacer, y qué no hacer, paso a paso.
home-door-help = Necesito ayuda
home-door-help-detail = Líneas de ayuda, y lugares cerca de ti.
home-hotlines-heading = Habla con alguien ahora
home-all-hotlines = Todas las líneas: llamada, texto, chat y TTY
home-more-heading = Más
home-near = Código postal o lugar

find-title = Buscar ayuda
find-title-results = Buscar ayuda: resultados
find-title-errors = Buscar ayuda: revisa el formulario
find-errors-heading = Revisa lo siguiente:
find-near-label = Código postal o lugar
find-near-hint = Por ejemplo 10001 o Houston. Déjalo vacío para buscar en todas partes.
find-use-location = Usar mi ubicación
find-locating = Buscando tu ubicación…
find-location-denied = Tu ubicación no está disponible. Escribe un código postal o un lugar.
find-your-location = tu ubicación
find-q-label = Qué tipo de ayuda (palabras)
find-type-label = Tipo de servicio
find-type-any = Cualquier tipo
find-radius-label = Distancia
find-radius-any = Lo más cercano primero, a cualquier distancia
find-radius-km = A menos de { $km } km
find-language-label = Idioma que hablan
find-language-any = Cualquier idioma
find-only-legend = Mostrar solo
find-free-label = Gratis
find-open-label = Abierto ahora
find-submit = Buscar
find-results-heading = Resultados
find-results = { $count ->
    [0] No se encontró ningún lugar.
    [one] Se encontró 1 lugar.
   *[other] Se encontraron { $count } lugares.
}
find-results-near = { $count ->
    [0] No se encontró ningún lugar cerca de { $place }.
    [one] Se encontró 1 lugar cerca de { $place }, el más cercano primero.
   *[other] Se encontraron { $count } lugares cerca de { $place }, los más cercanos primero.
}
find-unmatched = Ningún servicio contiene: { $words }.
find-none = Nada coincide con todo esto. Prueba con una distancia mayor, menos filtros u otras palabras.
find-none-hotlines = Las líneas de ayuda pueden ayudarte a encontrar un lugar: mira todas las líneas.
find-more = Mostrar más resultados
find-error-lat = La latitud debe ser un número entre -90 y 90.
find-error-lon = La longitud debe ser un número entre -180 y 180.
find-error-postcode = No conocemos el código postal "{ $input }". Revísalo o escribe el nombre de un lugar.
find-error-place = No conocemos el lugar "{ $input }". Revisa cómo está escrito o escribe un código postal.
find-error-coordinates = "{ $input }" no es un lugar que podamos encontrar. Escribe un código postal o el nombre de un lugar.
find-did-you-mean = ¿Quiso decir: { $options }?
find-error-radius = La distancia debe ser un número de kilómetros mayor que 0 y de { $max } como máximo.
find-error-radius-needs-place = Una distancia necesita un lugar desde donde medir: escribe un código postal o un lugar.
find-error-limit = El número de resultados debe estar entre 1 y { $max }.
find-error-language = El idioma debe ser un código de idioma como "es".
find-error-type = No existe el tipo de servicio "{ $input }". Elige uno de la lista.

language-en = Inglés
language-es = Español
language-zh = Chino
language-vi = Vietnamita
language-ko = Coreano
language-ru = Ruso
language-ar = Árabe
language-fr = Francés
language-ht = Criollo haitiano
language-pt = Portugués
language-tl = Tagalo
language-asl = Lengua de señas americana

status-open = Abierto ahora
status-open-closes = Abierto ahora, cierra a las { $time }
status-closed = Cerrado ahora
status-closed-opens = Cerrado ahora, abre el { $day } a las { $time }
status-unknown = Horario desconocido: llama antes de ir
day-mon = lunes
day-tue = martes
day-wed = miércoles
day-thu = jueves
day-fri = viernes
day-sat = sábado
day-sun = domingo

action-call = Llamar
action-text = Texto
action-tty = TTY
action-fax = Fax
action-map-app = Abrir en una aplicación de mapas
action-directions = Cómo llegar (OpenStreetMap)
map-label = Mapa de los resultados, numerados como en la lista
map-caption = Los números corresponden a la lista. El punto es el centro de la búsqueda.

service-not-found = No hay ningún servicio en esta dirección. Puede que lo hayan quitado.
service-description = Qué hacen
service-eligibility = Quién puede usarlo
service-how-to-apply = Cómo funciona
service-fees = Costos
service-interpretation = Intérpretes
service-wait = Tiempo de espera
service-alert = Aviso
service-types = Tipo de servicio
service-languages = Idiomas
service-cost = Costo
service-free = Gratis
service-area = Zona que atiende
service-hours = Horario
service-place = Lugar
service-website = Sitio web
service-verified-heading = Última verificación
service-verified-on = Verificado por última vez el { $date }.
service-verified-source = Verificado por última vez el { $date }, según: { $source }.
service-verified-unknown = No sabemos cuándo se verificó este servicio por última vez. Llama antes de ir.
service-last-modified = El anuncio cambió por última vez el { $date }.
service-about-data = De dónde vienen nuestros datos

hotlines-title = Líneas de ayuda
hotlines-intro = Puedes llamar a estas líneas aunque no sepas bien qué está pasando. Al empezar la llamada, puedes preguntar qué hacen con lo que les cuentas.
hotlines-emergency = Si la vida de alguien está en peligro ahora mismo, llama al 911. Es una línea de emergencias, no de orientación: envía a la policía, los bomberos o una ambulancia.
hotlines-none = Todavía no hay líneas de ayuda en este directorio.
hotlines-card-link = Hacer una tarjeta pequeña con estos números
hotlines-other-regions = Líneas de otros países
hotline-text-to = Envía { $code } al { $number }
hotline-or = o
hotline-website-chat = Sitio web y chat
hotline-consent = Qué hacen con lo que les cuentas
hotline-consent-unknown = Pregúntalo al comenzar la llamada.

hospital-title = Hospital más cercano
hospital-submit = Buscar el hospital más cercano
hospital-nearest-link = Buscar el hospital más cercano
hospital-results = Hospitales más cercanos a { $place }
hospital-none = No hay hospitales cerca de ese lugar en el directorio.
hospital-er-yes = Sala de emergencias
hospital-er-no = Sin sala de emergencias
hospital-er-unknown = No informa si tiene sala de emergencias

card-title = Tarjeta de bolsillo
card-intro = Imprime una tarjeta pequeña con los números que elijas. Puedes dársela a alguien con discreción o guardarla tú.
card-pick-legend = Números en la tarjeta
card-neutral-label = Usar un título neutro e iniciales en lugar de nombres
card-update = Actualizar la tarjeta
card-title-on-card = Líneas de ayuda
card-neutral-title = Números útiles
card-emergency-line = Emergencias: 911
card-qr-alt = La tarjeta tiene un código QR que abre la página de líneas de ayuda.
card-qr-label = Agregar un código QR a la página de líneas de ayuda (muestra de dónde viene la tarjeta)
card-print-hint = Imprime esta página: solo se imprime la tarjeta, del tamaño de una tarjeta de crédito. Recórtala por la línea.
card-error-unknown-line = Uno de los números que elegiste ya no está en el directorio. Elige de nuevo.

safety-title = Navegar con seguridad
safety-lead = Si otra persona puede revisar tu teléfono o tu computadora, estos pasos pueden ayudar. Ninguno es perfecto.
safety-exit-heading = El botón de salida rápida
safety-exit-does = La salida rápida te lleva directamente a un sitio del clima y reemplaza esta página en el historial de retroceso, así que el botón Atrás no vuelve aquí.
safety-exit-does-not = No borra tu historial de navegación. Las páginas que visitaste aquí siguen en la lista del historial hasta que las borres.
safety-exit-keys = Con un teclado, presionar la tecla Shift (Mayús) tres veces hace lo mismo. Sin JavaScript, el botón sigue siendo un enlace normal al sitio del clima.
safety-private-heading = Navegación privada
safety-private-what = Una ventana privada o de incógnito no guarda historial, cookies ni lo que escribes en formularios después de cerrarla.
safety-private-how = En la mayoría de los navegadores, abre el menú y elige "Nueva ventana privada" o "Nueva ventana de incógnito". Ciérrala al terminar.
safety-history-heading = Borrar el historial
safety-history-what = Puedes borrar del historial de tu navegador las páginas que visitaste.
safety-history-how = Abre la configuración del navegador y busca "Historial" o "Privacidad". A menudo puedes borrar solo la última hora.
safety-history-care = Borrar todo el historial puede parecer raro a alguien que lo revise. Borrar solo algunas páginas puede ser más seguro.
safety-device-heading = Un dispositivo más seguro
safety-device-what = Si puedes, usa un dispositivo al que la otra persona no tenga acceso: una computadora de la biblioteca, el teléfono de una amistad o un teléfono propio.
safety-device-phone = Las llamadas y los mensajes a las líneas de ayuda pueden aparecer en el registro de llamadas y en la factura. Bórralos si eso es un riesgo, o llama desde otro teléfono.
safety-device-accounts = Si alguien conoce tus contraseñas, puede ver tu correo, tus mensajes o tu ubicación. Cámbialas desde un dispositivo seguro cuando puedas.
safety-haven-heading = Qué guarda haven
safety-haven-what = haven no usa cookies, no carga nada de otros sitios y no registra lo que buscas ni las páginas que abres.
safety-haven-numbers = Tu proveedor de internet, tu red o tu dispositivo pueden guardar sus propios registros.

about-title = Sobre los datos
about-lead = Cada servicio viene de una fuente pública. Cada uno muestra cuándo se verificó por última vez y de dónde viene.
about-sources-heading = Fuentes y licencias
about-hotlines-name = Líneas de ayuda
about-hotlines-detail = Nombres, números, horarios y cómo trata cada línea lo que le cuentas, tomados de las páginas públicas de cada línea y de páginas federales, según se vieron el 2026-12-01. Cada línea muestra su fuente.
about-hifld-name = Hospitales de EE. UU.: HIFLD "Hospitals"
about-hifld-detail = Departamento de Seguridad Nacional de EE. UU., Homeland Infrastructure Foundation-Level Data (HIFLD Open), versión de 2022, compilada por Oak Ridge National Laboratory. Uso público, sin restricciones.
about-cms-name = Salas de emergencias: CMS Hospital General Information
about-cms-detail = Centros de Servicios de Medicare y Medicaid de EE. UU., Provider Data Catalog. Obra del gobierno de EE. UU., de dominio público. Se usa para indicar qué hospitales informan tener sala de emergencias.
about-hsds-name = Estándar de datos: Open Referral HSDS 3.0
about-hsds-detail = La Human Services Data Specification de Open Referral, con licencia CC BY-SA 4.0. haven guarda y comparte su directorio en este formato.
about-gazetteer-name = Códigos postales y lugares
about-atlas-name = Contornos del mapa
about-atlas-detail = Contornos de los estados de EE. UU. de los archivos cartográficos de la Oficina del Censo de EE. UU. (dominio público), a través del paquete us-atlas.
about-verify-heading = Cómo se verifican los servicios
about-verify-what = Cada servicio guarda la fecha en que sus datos se comprobaron por última vez con su fuente, y la fuente misma. Los servicios que vienen con haven se tomaron de las fuentes públicas de arriba en las fechas indicadas: son un punto de partida, no una garantía.
about-verify-caution = Los números y horarios cambian. Llama antes de ir.
about-privacy-heading = Tu privacidad
about-privacy-what = haven no recoge nada sobre las personas a las que ayuda. No usa cookies ni analíticas, y los registros del servidor no contienen direcciones, búsquedas ni las páginas que abres.
about-software-heading = El programa
about-software-what = haven es software libre (AGPL-3.0-or-later). Su directorio son datos abiertos que otros servicios pueden reutilizar mediante su API HSDS.

# La guía y la serie en la web (sus propias palabras están en guide.ftl y learn.ftl).
web-guide-no-step = Ese paso no existe en la guía. Empieza de nuevo desde el principio.
web-guide-end = Aquí termina este camino. Puedes volver atrás, empezar de nuevo o ver las líneas de ayuda.
web-guide-nav = Navegación de la guía
web-guide-show-nearest = Mostrar lo más cercano
web-guide-nothing-saved = Nada de lo que escribas aquí se guarda.
web-guide-more-results = Más resultados y filtros
web-learn-feed = Seguir la serie (feed Atom)
web-learn-no-tag = No hay ningún tema con este nombre.
web-learn-no-part = No hay ninguna parte de la serie en esta dirección.
web-learn-all-parts = Todas las partes de la serie
web-learn-tag-title = Tema: { $tag }
web-learn-captions = Subtítulos
web-learn-video-download = Descargar el video
web-learn-nav = Navegación de la serie
web-share-copy = Enlace para copiar
web-share-email = Correo electrónico
web-share-sms = Mensaje de texto

# Horarios en palabras ("lun-vie 9:00-17:00; sáb 10:00-14:00").
hours-day-mon = lun
hours-day-tue = mar
hours-day-wed = mié
hours-day-thu = jue
hours-day-fri = vie
hours-day-sat = sáb
hours-day-sun = dom
hours-every-day = Todos los días
hours-24 = 24 horas
hours-24-from = 24 horas desde las { $time }
hours-every-other-week = Cada dos semanas:
hours-every-n-weeks = Cada { $n } semanas:
hours-every-n-days = Cada { $n } días
hours-every-weekdays = todos los { $days }
hours-ordinal-1 = 1.º
hours-ordinal-2 = 2.º
hours-ordinal-3 = 3.º
hours-ordinal-4 = 4.º
hours-ordinal-5 = 5.º
hours-ordinal-n = { $n }.º
hours-last = último
hours-from-last = { $ord } desde el final
hours-and = y
hours-day-n = día { $n }
hours-day-from-end = { $ord } día
hours-of-the-month = { $what } de cada mes
hours-of-every-n-months = { $what } cada { $n } meses
hours-from-to = del { $from } al { $to }
hours-from = desde el { $date }
hours-until = hasta el { $date }
hours-closed = Cerrado
