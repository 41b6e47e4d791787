# Lo que son y no son los servicios listados en haven: la página /about/trust y las líneas de
# procedencia de cada servicio. Datos de las fuentes: data/sources/README.md.

trust-title = Lo que son y lo que no son nuestros servicios
trust-lead = haven lista organizaciones, líneas de ayuda, refugios y hospitales tomados de fuentes públicas. Un servicio listado te dice quién dice que ayuda y cómo comunicarte. No es una recomendación ni una garantía.
trust-sources-heading = De dónde viene cada servicio
trust-source-hotlines = Líneas de ayuda: las páginas públicas de cada línea y páginas federales, vistas el 2026-12-01. Cada línea muestra su fuente.
trust-source-nyc = Organizaciones de la ciudad de Nueva York: el NYC Crime Victim Services Finder (Ciudad de Nueva York), un mapa de servicios para víctimas de delitos financiados por la ciudad, con datos del 2021-06-07. Algunos datos pueden haber cambiado desde entonces.
trust-source-leads = Organizaciones contra la trata en Nueva York: páginas de las propias organizaciones, comunicados oficiales y páginas de subvenciones federales (2009-2022), reunidas el 2026-12-02. Son pistas: cada una está marcada como "todavía sin verificar".
trust-source-evidence = Redes y subvenciones: páginas de la New York Anti-Trafficking Network (2013-2015), Freedom Network USA y páginas de subvenciones del Departamento de Justicia de EE. UU., cada una con su fuente y sus años.
trust-source-hospitals = Hospitales: HIFLD Hospitals (Departamento de Seguridad Nacional de EE. UU., publicación de 2022) y CMS Hospital General Information (qué hospitales tienen sala de emergencias).
trust-source-taxonomy = Tipos de servicio: la taxonomía Open Eligibility Human Services Taxonomy de Aunt Bertha, Inc., con licencia Creative Commons Atribución-CompartirIgual 3.0 No portada.
trust-verified-heading = Qué quiere decir "verificado" aquí
trust-verified-what = haven dice que un servicio está verificado solo cuando una persona lo ha comprobado con la organización. Ninguno de los servicios que vienen con haven se ha verificado así todavía: son copias de fuentes públicas, con la fecha de la fuente.
trust-verified-stale = Si la fuente de un servicio tiene más de un año, verás "sin verificar desde" y la fecha. Los números y los horarios cambian: llama antes de ir.
trust-endorse-heading = Estar en la lista no es una recomendación
trust-endorse-what = Que una organización aparezca aquí, o que se muestre como miembro de una red, no quiere decir que haven ni nadie responda por ella. Quiere decir que una fuente pública la menciona. Tú decides a quién llamar, y puedes preguntar a una línea de ayuda con qué grupos locales trabaja.
trust-confidential-heading = Direcciones privadas
trust-confidential-what = Las direcciones de los refugios y las casas seguras nunca se muestran. Aparecen con su número de teléfono y la zona donde están, y las distancias se redondean.
trust-report-heading = Si un servicio está mal
trust-report-what = Si un número no funciona o un lugar ha cerrado, avísales a quienes mantienen este sitio. Nadie te preguntará quién eres. Si necesitas ayuda ahora, llama mejor a una línea de ayuda: tienen sus propias listas de grupos locales.

listing-source-heading = De dónde viene este servicio
listing-source-seen = De { $source }, según lo publicado el { $date }.
listing-source-seen-undated = De { $source }.
listing-seen-on = De una fuente pública, según lo publicado el { $date }.
listing-lead = Todavía sin verificar. Aparece en: { $source } ({ $date }).
listing-verified = Verificado el { $date }.
listing-verified-by = Verificado el { $date } por { $source }.
listing-stale = Sin verificar desde el { $date }. Llama antes de ir.
listing-unknown = No sabemos de dónde viene este servicio ni cuándo se comprobó. Llama antes de ir.
listing-not-endorsement = Estar en la lista no es una recomendación.
listing-about-trust = Lo que son y lo que no son nuestros servicios
listing-confidential = La dirección de este lugar es privada, para proteger a las personas que están allí. Llama para comunicarte.
listing-about-org = Sobre esta organización
listing-evidence-source = Fuente: { $source } ({ $date })

# Hospitales que atienden solo a algunas personas (según el tipo y el nombre en HIFLD).
hospital-serves-some = Atiende solo a algunas personas.
hospital-kind-psychiatric-hospital = Un hospital psiquiátrico: solo atención de salud mental.
hospital-kind-childrens-hospital = Un hospital infantil: atención para niñas, niños y jóvenes.
hospital-kind-veterans-or-military = Un hospital de veteranos (VA) o militar: a otras personas normalmente solo las atienden en una emergencia.
hospital-kind-long-term-care = Un hospital de cuidados prolongados: con ingreso, no sin cita.
hospital-kind-rehabilitation-hospital = Un hospital de rehabilitación: con ingreso, no sin cita.
hospital-kind-womens-hospital = Un hospital para mujeres.
hospital-kind-chronic-disease-hospital = Un hospital de enfermedades crónicas: con ingreso, no sin cita.

# Encontrar ayuda local: líneas que atienden una zona, lugares por distancia.
find-area-heading = Atienden tu zona: llama o escribe
find-area-hint = Estas líneas ayudan a cualquier persona en la zona que atienden. No necesitas ir a ningún sitio.
find-area-serves = Atiende: { $area }
find-places-heading = Lugares cerca de ti
find-distance-about = a unos { $km } km ({ $mi } mi)
find-no-local = No conocemos una organización local cerca de { $place }. Las líneas que atienden tu zona pueden ponerte en contacto con grupos locales.
