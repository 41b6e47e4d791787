# La guía: "Creo que alguien puede ser víctima de trata. ¿Qué hago?"
# Los pasos están en content/guide/*.toml; aquí están sus palabras. Frases claras, tranquilas
# y cortas, de tú. No es una traducción palabra por palabra: el mismo sentido, dicho como se dice.
#
# Los datos de líneas de ayuda y del 911 vienen solo de las fuentes de haven, cada uno con dónde
# y cuándo se vio:
# - data/sources/hotlines.csv: números, códigos de texto, horarios, idiomas (humantraffickinghotline.org,
#   polarisproject.org, acf.hhs.gov para la Línea Nacional contra la Trata de Personas; fcc.gov,
#   text-to-911 quick facts, para el 911), vistos el 2026-12-01;
# - data/sources/hotline-facts.csv: qué hace la línea con lo que le cuentas, lo que puede pasar
#   después, la visa T, la anulación de condenas en Nueva York, las líneas de abuso infantil de
#   Nueva York y el 911 desde un celular, vistos el 2026-12-02 (cada fila cita su página).

## Controles de la guía (web y terminal)

guide-ui-title = ¿Qué hago?
guide-ui-continue = Seguir
guide-ui-back = Atrás
guide-ui-start-over = Empezar de nuevo
guide-ui-quit = Salir
guide-ui-end = Aquí termina la guía. Puedes volver atrás, empezar de nuevo o salir.
guide-ui-choose = Tu elección
guide-ui-keys-tty = Flechas arriba y abajo para moverte, Enter para elegir, o escribe un número. a: atrás. i: empezar de nuevo. s: salir.
guide-ui-keys-plain = Escribe un número y presiona Enter. a: atrás. i: empezar de nuevo. s: salir.
guide-ui-invalid = Escribe uno de los números que ves, o a, i o s.
guide-ui-key-back = a
guide-ui-key-start-over = i
guide-ui-key-quit = s
guide-ui-postal-prompt = Código postal
guide-ui-postal-hint = Para ver lo más cercano, escribe p y un código postal, por ejemplo: p 10001. No se guarda nada.
guide-ui-no-results = No encontramos nada cerca en el directorio. Las líneas de ayuda pueden ayudarte a encontrar servicios.
guide-ui-see-also = En la web
guide-ui-footer = Ayuda las 24 horas:

## Acciones: etiquetas por defecto y la frase que las acompaña

guide-action-hotlines = Líneas de ayuda a las que puedes llamar ahora
guide-action-hotlines-detail = Líneas a las que puedes llamar o escribir, las 24 horas del día. Si hay peligro inmediato, llama al 911.
guide-action-nearest-organizations = Organizaciones cerca de ti
guide-action-nearest-organizations-detail = Organizaciones del directorio que trabajan con sobrevivientes de la trata. Si no aparece ninguna cerca, la línea de ayuda puede darte organizaciones de tu zona.
guide-action-nearest-hospital = El hospital más cercano
guide-action-nearest-hospital-detail = Hospitales con sala de emergencias. Escribe un código postal para ver los más cercanos.
guide-action-pocket-card = Imprimir la tarjeta de bolsillo
guide-action-pocket-card-detail = Una tarjeta pequeña con las líneas contra la trata y contra la violencia doméstica, y cómo escribirles por texto. Cabe en una billetera.
guide-action-emergency = Emergencias: 911
guide-action-emergency-detail = Llama al 911 solo si la vida o la seguridad de alguien corre peligro en este momento. Es una línea de emergencias, no de orientación: envía a la policía, una ambulancia o los bomberos. Di primero dónde estás. Puedes pedir un intérprete. Los mensajes de texto al 911 solo funcionan en algunas zonas: si puedes, llama.

## Inicio

guide-start-title = ¿Qué está pasando?
guide-start-p1 = Esta guía es para cuando crees que alguien puede ser víctima de trata, o cuando necesitas ayuda tú.
guide-start-p2 = Son unos minutos. Puedes parar cuando quieras.
guide-start-a-danger = La vida o la seguridad de alguien corre peligro ahora mismo
guide-start-a-worried = Me preocupa alguien que conocí o que veo
guide-start-a-me = Necesito ayuda para mí
guide-start-a-learn = Quiero aprender a ayudar

## Peligro ahora mismo

guide-danger-now-title = Si alguien corre peligro ahora mismo, llama al 911
guide-danger-now-p1 = Si la vida o la seguridad de alguien está en riesgo en este momento, llama al 911. Es el único caso en que no hay que esperar. Cuando contesten, diles:
guide-danger-now-say-where = primero, dónde estás: la dirección, o lo que ves a tu alrededor
guide-danger-now-say-what = qué está pasando, en pocas palabras
guide-danger-now-say-hurt = si hay alguien herido
guide-danger-now-say-language = si alguien necesita intérprete, y en qué idioma
guide-danger-now-fear = Es posible que la persona en riesgo tenga miedo a la policía. Quienes controlan a otros suelen decirles que los van a arrestar o deportar. Ese miedo es real. Puedes decirles a quienes lleguen que crees que la persona puede ser víctima de trata.
guide-danger-now-p3 = Si puedes, no cuelgues. No te pongas en peligro ni intentes detener a nadie por tu cuenta. Cuando pase la emergencia, puedes hablarlo con gente que sabe.
guide-danger-now-hotlines-detail = Después de la emergencia, una línea de ayuda puede ayudarte a pensar en los siguientes pasos.

## Es difícil saberlo

guide-hard-to-tell-title = Lo más probable es que no se note a simple vista
guide-hard-to-tell-p1 = La trata es obligar, engañar o amenazar a alguien para que trabaje o para explotarla sexualmente. Cualquier acto sexual comercial con una persona menor de 18 años es trata. Puede pasar en casas, campos, restaurantes, tiendas, obras o por internet, a ciudadanos y a personas de otros países.
guide-hard-to-tell-p1b = La trata suele estar oculta. Una mirada, o una sola conversación, no basta para saber qué está pasando en la vida de alguien.
guide-hard-to-tell-p2 = Ninguna lista lo puede demostrar. Entender lleva tiempo.
guide-hard-to-tell-p3 = Primero, lo que no hay que hacer. Después, algunas señales que te pueden ayudar a prestar atención.

## Señales en contexto

guide-signs-title = Las señales, siempre en su contexto
guide-signs-p1 = Polaris, que atiende la línea nacional, y la Campaña Azul del Departamento de Seguridad Nacional de EE. UU. agrupan las señales de la trata más o menos así. Solo significan algo juntas y en su contexto.
guide-signs-work = Trabajo y condiciones de vida: no puede dejar el trabajo ni el lugar donde vive, tiene una deuda que nunca baja, el trabajo no es el que le prometieron.
guide-signs-fear = Miedo y comportamiento: parece asustada o tensa, tiene miedo a la policía, da respuestas que suenan aprendidas.
guide-signs-health = Salud: heridas que nadie ha tratado, agotamiento, no come lo suficiente.
guide-signs-control = Control: no tiene su propia identificación ni sus papeles, no controla su dinero, siempre habla otra persona por ella, no puede entrar y salir con libertad.
guide-signs-other = Otras: no sabe dónde está, perdió el contacto con su familia y sus amistades.
guide-signs-warning = Ninguna señal por sí sola demuestra nada. Y no ver señales tampoco demuestra nada. Las señales son un motivo para prestar atención y consultar a quienes saben. No son un examen para hacerle a nadie.
guide-signs-link = Leer más: las señales en su contexto

## Calma

guide-slow-down-title = Mantén la calma. No te precipites.
guide-slow-down-p1 = Está bien que te preocupes. Pero actuar deprisa, antes de entender la situación de la persona, puede ponerla en más peligro. Quien la controla puede estar cerca.
guide-slow-down-dont-1 = No enfrentes a nadie que creas que la controla.
guide-slow-down-dont-2 = No le preguntes nada donde alguien pueda verte u oírte.
guide-slow-down-dont-3 = No sigas, fotografíes ni investigues a nadie.
guide-slow-down-dont-4 = No comentes lo que sospechas con la gente de su entorno.
guide-slow-down-p2 = No tienes que resolverlo sin ayuda, ni tienes que hacerlo hoy.

## La policía y el consentimiento

guide-police-consent-title = La policía y el consentimiento de la persona
guide-police-consent-p1 = Llamar a la policía puede parecer lo correcto. Pero llamar a la policía para denunciar la situación de alguien, sin que lo sepa o sin su acuerdo, le puede hacer daño.
guide-police-consent-p2 = Pueden arrestarla, detenerla o deportarla, en lugar de ayudarla. Quien la controla puede castigarla. Y ella puede dejar de confiar en los demás.
guide-police-consent-exception = La excepción: si la vida o la seguridad de alguien corre peligro ahora mismo, llama al 911.
guide-police-consent-p3 = En cualquier otro caso, pide consejo primero. Puedes decirle a una línea de ayuda que solo quieres orientación. Antes de dar nombres o direcciones, pregunta qué harían con ellos. Si hay un niño, niña o adolescente de por medio, o alguien está en peligro inmediato, pueden avisar a las autoridades.
guide-police-consent-link = Leer más: el consentimiento y la policía

## No eres quien rescata

guide-not-a-rescuer-title = La persona decide
guide-not-a-rescuer-p1 = Querer rescatar a alguien nace de algo bueno. Pero un rescate pone en el centro la mirada de quien ayuda. Puede dejar de lado la voz, las decisiones y la dignidad de la propia persona.
guide-not-a-rescuer-p2 = Nadie conoce su situación mejor que ella. Puede tener razones para quedarse por ahora: una deuda, amenazas a su familia o miedo por sus papeles.
guide-not-a-rescuer-p3 = Lo tuyo es ser alguien de confianza, y hacer que la ayuda esté más a su alcance cuando la quiera.

## ¿Podría ser menor de 18 años?

guide-under-18-title = ¿La persona podría ser menor de 18 años?
guide-under-18-p1 = Algunas cosas cambian cuando la persona puede ser una niña, un niño o adolescente.
guide-under-18-a-yes = Sí, o no lo sé
guide-under-18-a-no = No, es una persona adulta

guide-minor-title = Si la persona puede ser menor de 18 años
guide-minor-p1 = Cualquier acto sexual comercial con una persona menor de 18 años es trata, aunque nadie parezca obligarla. Cambiar sexo por un lugar donde dormir, comida o dinero también cuenta.
guide-minor-p2 = Si llamas a la línea contra la trata por una persona menor de 18 años, avisará de inmediato a las autoridades correspondientes si sospecha abuso infantil. Tenlo en cuenta antes de llamar.
guide-minor-p3 = En Nueva York, el personal docente y escolar, médicos, enfermeras y enfermeros, personal de hospitales, trabajadores sociales, personal de cuidado infantil, la policía y algunos otros están obligados por ley a reportar la sospecha de abuso infantil. Llaman a la línea del Registro Central del Estado para quienes tienen esa obligación: 1-800-635-1522.
guide-minor-p4 = Cualquier otra persona puede llamar a la línea de abuso infantil de Nueva York, 1-800-342-3720, las 24 horas, sin dar su nombre. TTY: 1-800-638-5163. Si pasó por internet, también puedes reportarlo a la CyberTipline en https://report.cybertip.org sin dar tu nombre.
guide-minor-warning = No le hagas preguntas a la persona joven sobre lo que pasó, ni enfrentes a nadie. Si corre peligro ahora mismo, llama al 911.

## Con qué frecuencia

guide-how-often-title = ¿Qué se parece más a tu situación?
guide-how-often-p1 = Lo que puedes hacer depende de cómo conoces a la persona.
guide-how-often-a-yes = La veo con frecuencia: en el barrio, en el trabajo, en una tienda o un lugar al que voy
guide-how-often-a-no = La vi una vez, o puede que no la vuelva a ver
guide-how-often-a-remote = Hablamos por internet o por teléfono, o vive lejos
guide-how-often-a-told = Me contó lo que le pasa, o que quiere irse
guide-how-often-a-unsure = No lo sé

## La vi una vez

guide-saw-once-title = Si la viste solo una vez
guide-saw-once-p1 = Todavía puedes hacer algo útil, sin volver al lugar.
guide-saw-once-1 = Llama o escribe a una línea de ayuda y cuéntales lo que viste, con tus palabras. No necesitas pruebas ni tienes que dar tu nombre.
guide-saw-once-2 = No vuelvas a buscar más, y no sigas, fotografíes ni investigues a nadie.
guide-saw-once-3 = Si la vuelves a ver por casualidad, sé amable y actúa con normalidad, nada más.
guide-saw-once-p2 = Puede que nunca sepas qué pasó después. Es normal, y no quiere decir que tu llamada no sirvió.

## Por internet o de lejos

guide-remote-title = Si hablan por internet, o desde lejos
guide-remote-p1 = También se capta a personas con anuncios de trabajo, sitios de citas y redes sociales. Un familiar o una amistad que vive lejos puede escribirte sobre un trabajo que cambió, o una deuda que no puede pagar.
guide-remote-1 = Mantén el contacto como la persona prefiera. Responde con calma, sin presionar.
guide-remote-2 = No publiques nada sobre su situación, y no reenvíes sus mensajes ni sus fotos.
guide-remote-3 = No contactes a quien crees que la controla, ni por internet ni de ninguna otra forma.
guide-remote-4 = Si está en Estados Unidos, la línea nacional puede ayudar esté donde esté. Si está en otro país, una línea de ayuda puede decirte quién trabaja contra la trata allí.

## Me lo contó

guide-told-me-title = Si te cuenta lo que le pasa
guide-told-me-p1 = Si alguien te cuenta que la obligan, o que quiere irse, le costó mucho valor.
guide-told-me-1 = Créele. Escucha, mantén la calma y agradécele que te lo haya contado.
guide-told-me-2 = Pregúntale qué quiere y qué le parecería seguro. No decidas por ella.
guide-told-me-3 = Ofrécele llamar o escribir juntas o juntos a una línea de ayuda, en un lugar privado, desde un teléfono seguro.
guide-told-me-4 = No prometas cosas de las que no puedes estar segura o seguro, como "vas a estar a salvo" o "no te van a deportar".
guide-told-me-p2 = Si ella u otra persona corre peligro ahora mismo, llama al 911.


## Ganar confianza

guide-build-trust-title = Gana su confianza, poco a poco
guide-build-trust-p1 = Si ves a la persona a menudo, puedes llegar a ser alguien con quien se sienta segura. Eso lleva tiempo.
guide-build-trust-1 = Sé amable. Saluda. Conversa de cosas sencillas.
guide-build-trust-2 = Mírala a los ojos y sonríe.
guide-build-trust-3 = Sé la misma persona confiable cada vez.
guide-build-trust-4 = Habla de cosas cotidianas. No le hagas preguntas sobre su vida.
guide-build-trust-5 = Con el tiempo, hazle saber que estás ahí si alguna vez quiere hablar.
guide-build-trust-warning = Que todo sea normal. Si alguien la vigila, tu amabilidad debe parecer la de cualquier día, nada más.

## Consultar a quienes saben

guide-call-experts-title = Habla con gente que sabe
guide-call-experts-p1 = No tienes que decidir qué hacer sin ayuda. Las organizaciones que trabajan con sobrevivientes de la trata pueden pensarlo contigo.
guide-call-experts-p2 = En Estados Unidos, la Línea Nacional contra la Trata de Personas atiende a cualquier persona que se preocupe por alguien. Es confidencial y atiende las 24 horas. Por teléfono hay intérpretes para más de 200 idiomas.
guide-call-experts-p3 = La línea actúa solo con consentimiento: lo que hace se decide contigo y, cuando se puede, con la persona. Las excepciones: si sospecha que se abusa de un niño, niña o adolescente, o si alguien está en peligro inmediato, avisa de inmediato a las autoridades.
guide-call-experts-p4 = Así que, cuando llames o escribas:
guide-call-experts-1 = Cuenta lo que notaste, con tus palabras. No necesitas pruebas.
guide-call-experts-2 = Puedes decir que solo quieres orientación. No tienes que dar tu nombre.
guide-call-experts-3 = Antes de dar nombres o direcciones, pregunta qué harían con ellos.
guide-call-experts-4 = Pregunta qué organizaciones de tu zona podrían ayudar.
guide-call-experts-p5 = Busca organizaciones con un enfoque de derechos humanos y guiado por sobrevivientes: primero la seguridad, las decisiones y la dignidad de la persona.

## Después de llamar

guide-after-call-title = Qué puede pasar después de llamar
guide-after-call-p1 = Una persona de la línea te escucha y te hace algunas preguntas. Puedes contestar solo lo que quieras.
guide-after-call-1 = Puede ayudarte a pensar qué hacer, o qué no hacer.
guide-after-call-2 = Puede darte organizaciones de tu zona, para ti o para la persona.
guide-after-call-3 = Puede ofrecerte volver a hablar contigo, o pasar lo que contaste, con tu consentimiento.
guide-after-call-p2 = Puede que no sepas qué pasa después. Puedes volver a llamar cuando quieras, si algo cambia o si te preocupa.

## ¿Hay confianza?

guide-is-there-trust-title = ¿La persona confía en ti?
guide-is-there-trust-p1 = Piensa si pueden hablar a solas de cosas cotidianas.
guide-is-there-trust-a-yes = Sí, hablamos y parece que confía en mí
guide-is-there-trust-a-not-yet = Todavía no

## Todavía no

guide-not-yet-title = Sigue estando ahí
guide-not-yet-p1 = Es normal. La confianza puede tardar semanas o meses.
guide-not-yet-p2 = Sigue siendo amable y constante. Lleva contigo el número de una línea de ayuda. Si algo cambia, o si te preocupa, llama a una línea de ayuda.
guide-not-yet-p3 = Si en algún momento la vida de alguien corre peligro, llama al 911.

## Ayuda concreta

guide-concrete-help-title = Las cosas pequeñas y concretas ayudan
guide-concrete-help-p1 = Cuando ya hay confianza, puedes ofrecer ayuda práctica, poco a poco, en el trato de todos los días. Ofrece, no presiones. Decir que sí o que no es su decisión.
guide-concrete-help-phone = Un celular que sea solo suyo, que nadie más controle: por ejemplo, uno prepago, que no esté en tu plan. No lo revises tú.
guide-concrete-help-card = Los números de las líneas contra la trata y contra la violencia doméstica, y cómo escribirles por texto. La tarjeta de bolsillo es pequeña y fácil de esconder.
guide-concrete-help-emergency = Cómo funciona el 911: se puede llamar desde cualquier celular; hay que decir primero dónde estás y después qué pasa; envía a la policía, una ambulancia o los bomberos; los mensajes de texto al 911 solo funcionan en algunas zonas.
guide-concrete-help-hospital = Dónde está el hospital más cercano.
guide-concrete-help-warning = Dale una tarjeta o un teléfono solo si es seguro que los tenga. Si quien la controla los encuentra, podría ponerla en peligro. Pregúntale qué es seguro para ella.

## Cuídate

guide-care-for-yourself-title = Cuídate tú también
guide-care-for-yourself-p1 = Preocuparse por alguien es duro. Es normal sentir tristeza, rabia o impotencia.
guide-care-for-yourself-p2 = No te toca arreglar la situación de otra persona. Hacer lo que puedas, sin correr riesgos, es suficiente.
guide-care-for-yourself-p3 = Lo que escuchas del sufrimiento de otra persona puede quedarse contigo. Habla con alguien de confianza. También puedes llamar a una línea de ayuda para hablarlo.
guide-care-for-yourself-hotlines-detail = Puedes llamar a estas líneas por lo que viste, o por cómo te sientes.

## Otras formas de ayudar

guide-other-ways-title = Otras formas de ayudar a acabar con la trata
guide-other-ways-p1 = Aunque tengas dudas sobre lo que viste, o no puedas ayudar en ese momento, hay mucho que puedes hacer.
guide-other-ways-1 = Aprende cómo funciona la trata y qué ayuda a quienes la han sobrevivido.
guide-other-ways-2 = Apoya a organizaciones dirigidas por personas sobrevivientes.
guide-other-ways-3 = Comparte información correcta, y corrige con amabilidad los mitos cuando los oigas.
guide-other-ways-4 = Participa en el Día de Concientización sobre la Trata de Personas, el 11 de enero en Estados Unidos.
guide-other-ways-5 = Guarda el número de una línea de ayuda en tu teléfono, por si tú u otra persona lo necesitan.
guide-other-ways-learn = Lee la serie breve

## Para la persona en riesgo

guide-for-me-title = ¿Estás en peligro ahora mismo?
guide-for-me-p1 = Qué bueno que estás aquí. Tú decides lo que pasa en tu vida, y qué quieres hacer ahora.
guide-for-me-p2 = Si alguien puede revisar este teléfono o esta computadora, lee primero los consejos de seguridad.
guide-for-me-a-danger = Sí, estoy en peligro ahora
guide-for-me-a-talk = No, pero quiero hablar con alguien
guide-for-me-a-safety = Quiero saber cómo usar este dispositivo de forma segura

guide-me-danger-title = Llama al 911 si puedes
guide-me-danger-p1 = Si estás en peligro ahora mismo, llama al 911. Se puede llamar desde cualquier celular.
guide-me-danger-p2 = Los mensajes de texto al 911 solo funcionan en algunas zonas. Si puedes, llama.
guide-me-danger-p3 = Di primero dónde estás. Si necesitas otro idioma, di cuál. Puedes pedir un intérprete.
guide-me-danger-p4 = Si tienes miedo a la policía, es comprensible. Cuando puedas, una línea contra la trata puede hablar contigo en confianza sobre tus opciones. No es la policía ni inmigración. Actúa solo con tu consentimiento, salvo cuando hay un menor de edad o alguien está en peligro inmediato.

guide-me-talk-title = Habla con alguien, en confianza
guide-me-talk-p1 = Puedes llamar, mandar un mensaje de texto o chatear con una línea de ayuda. Tú decides qué contar y qué pasa después.
guide-me-talk-p2 = La Línea Nacional contra la Trata de Personas atiende las 24 horas. Por teléfono tiene intérpretes para más de 200 idiomas. Por texto y chat atiende en español y en inglés.
guide-me-talk-p3 = Si tienes heridas o te sientes mal, la sala de emergencias de un hospital puede atenderte.
guide-me-talk-hotlines-detail = Ayuda confidencial, información y referencias, las 24 horas.

guide-me-options-title = Tus opciones, tengas o no papeles
guide-me-options-p1 = La Línea Nacional contra la Trata de Personas no es la policía ni inmigración. Ayuda a las personas sea cual sea su situación migratoria. Puedes no dar tu nombre, y contar solo lo que quieras.
guide-me-options-p2 = Algunas personas sobrevivientes de la trata pueden obtener protección migratoria, como la visa T. En Nueva York, algunas también pueden anular condenas, si las arrestaron por lo que les hicieron.
guide-me-options-p3 = Si esto se aplica a ti depende de tu situación. Te lo puede explicar una abogada o un abogado que conozca la trata. La línea puede darte referencias de servicios legales.
guide-me-options-p4 = Si tienes menos de 18 años y la línea sospecha abuso infantil, avisará a las autoridades correspondientes.
guide-me-options-link = Leer más: qué hacen las organizaciones

guide-me-safety-title = Cómo usar este dispositivo con seguridad
guide-me-safety-p1 = Si otra persona usa o revisa este teléfono o esta computadora, puede ver lo que consultaste.
guide-me-safety-1 = Si puedes, usa una ventana privada o de incógnito.
guide-me-safety-2 = Borra del historial las páginas de este sitio. Borrar todo puede parecer raro.
guide-me-safety-3 = Usa el botón de Salida rápida para salir de este sitio enseguida.
guide-me-safety-4 = Apréndete de memoria el número de una línea de ayuda, o guarda la tarjeta de bolsillo donde solo tú la encuentres.
guide-me-safety-p2 = No estás sola ni solo. La ayuda está ahí cuando la quieras.
guide-me-safety-link = Más consejos de seguridad
