# La guía: "Creo que alguien puede ser víctima de trata. ¿Qué hago?"
# Los pasos están en content/guide/*.toml; aquí están sus palabras. Frases claras, tranquilas
# y cortas, de tú. No es una traducción palabra por palabra: el mismo sentido, dicho como se dice.
#
# Los datos de líneas de ayuda y del 911 vienen solo de data/hotlines.csv (cada fila dice dónde
# se vio: humantraffickinghotline.org, polarisproject.org, acf.hhs.gov para la Línea Nacional
# contra la Trata de Personas; fcc.gov, text-to-911 quick facts, para el 911), vistos el 2026-12-01.

## Controles de la guía (web y terminal)

guide-ui-title = ¿Qué hago?
guide-ui-continue = Seguir
guide-ui-back = Atrás
guide-ui-start-over = Empezar de nuevo
guide-ui-quit = Salir
guide-ui-end = Aquí termina la guía. Puedes volver atrás, empezar de nuevo o salir.
guide-ui-choose = Tu elección
guide-ui-keys-tty = Flechas arriba y abajo para moverte, Intro para elegir, o escribe un número. b: atrás. s: empezar de nuevo. q: salir.
guide-ui-keys-plain = Escribe un número y pulsa Intro. b: atrás. s: empezar de nuevo. q: salir.
guide-ui-invalid = Escribe uno de los números que ves, o b, s o q.
guide-ui-postal-prompt = Código postal
guide-ui-postal-hint = Para ver lo más cercano, escribe p y un código postal, por ejemplo: p 10001. No se guarda nada.
guide-ui-no-results = No encontramos nada cerca en el directorio. Las líneas de ayuda pueden ayudarte a encontrar servicios.
guide-ui-see-also = En la web

## Acciones: etiquetas por defecto y la frase que las acompaña

guide-action-hotlines = Líneas de ayuda a las que puedes llamar ahora
guide-action-hotlines-detail = Atienden las 24 horas del día.
guide-action-nearest-organizations = Organizaciones de confianza cerca de ti
guide-action-nearest-organizations-detail = Organizaciones que trabajan con sobrevivientes de la trata. Escribe un código postal para ver las más cercanas.
guide-action-nearest-hospital = El hospital más cercano
guide-action-nearest-hospital-detail = Hospitales con sala de emergencias. Escribe un código postal para ver los más cercanos.
guide-action-pocket-card = Imprimir la tarjeta de bolsillo
guide-action-pocket-card-detail = Una tarjeta pequeña con números de líneas de ayuda y refugios. Cabe en una cartera.
guide-action-emergency = Emergencias: 911
guide-action-emergency-detail = Llama al 911 solo si la vida o la seguridad de alguien corre peligro en este momento. Envían a la policía, una ambulancia o los bomberos. Puedes pedir un intérprete. Los mensajes de texto al 911 solo funcionan en algunas zonas: si puedes, llama.

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
guide-danger-now-p1 = Si la vida o la seguridad de alguien está en riesgo en este momento, llama a emergencias. Es el único caso en que no hay que esperar.
guide-danger-now-p2 = Cuando contesten, diles:
guide-danger-now-say-where = dónde estás: la dirección, o lo que ves a tu alrededor
guide-danger-now-say-what = qué está pasando, en pocas palabras
guide-danger-now-say-hurt = si hay alguien herido
guide-danger-now-say-language = si alguien necesita intérprete, y en qué idioma
guide-danger-now-fear = Es posible que la persona en riesgo tenga miedo a la policía. Quienes controlan a otros suelen decirles que los van a arrestar o deportar. Ese miedo es real. Puedes decirles a quienes lleguen que crees que la persona puede ser víctima de trata.
guide-danger-now-p3 = No te pongas en peligro. No intentes detener a nadie por tu cuenta.
guide-danger-now-p4 = Cuando pase la emergencia, puedes hablarlo con gente que sabe.
guide-danger-now-hotlines-detail = Después de la emergencia, una línea de ayuda puede ayudarte a pensar en los siguientes pasos.

## Es difícil saberlo

guide-hard-to-tell-title = Lo más probable es que no se note a simple vista
guide-hard-to-tell-p1 = La trata suele estar oculta. Una mirada, o una sola conversación, no basta para saber qué está pasando en la vida de alguien.
guide-hard-to-tell-p2 = Ninguna lista lo puede demostrar. Entender lleva tiempo.
guide-hard-to-tell-p3 = Algunas señales te pueden ayudar a estar atento. Solo significan algo juntas y en su contexto.

## Señales en contexto

guide-signs-title = Las señales, siempre en su contexto
guide-signs-p1 = Las guías de quienes trabajan contra la trata agrupan las señales así.
guide-signs-work = Trabajo y condiciones de vida:
guide-signs-work-1 = no puede dejar el trabajo, ni el lugar donde vive
guide-signs-work-2 = tiene una deuda que nunca parece bajar
guide-signs-work-3 = el trabajo no es el que le prometieron
guide-signs-work-4 = vive donde trabaja, o el lugar tiene cerraduras o vigilancia fuera de lo normal
guide-signs-fear = Miedo y comportamiento:
guide-signs-fear-1 = parece asustada, ansiosa o tensa
guide-signs-fear-2 = evita mirar a los ojos
guide-signs-fear-3 = tiene miedo a la policía
guide-signs-fear-4 = da respuestas que suenan aprendidas
guide-signs-health = Salud:
guide-signs-health-1 = heridas que nadie ha tratado
guide-signs-health-2 = mucho cansancio, o no come lo suficiente
guide-signs-control = Control, documentos y dinero:
guide-signs-control-1 = no tiene su propia identificación ni sus papeles
guide-signs-control-2 = no controla su propio dinero
guide-signs-control-3 = siempre habla otra persona por ella
guide-signs-control-4 = no puede entrar y salir con libertad
guide-signs-other = Otras:
guide-signs-other-1 = no sabe dónde está
guide-signs-other-2 = perdió el contacto con su familia y sus amistades
guide-signs-warning = Ninguna señal por sí sola demuestra nada. Y no ver señales tampoco demuestra nada. Las señales son un motivo para estar atento y consultar a quienes saben. No son una prueba para hacerle a nadie.
guide-signs-link = Leer más: las señales en su contexto

## Calma

guide-slow-down-title = Mantén la calma. No te precipites.
guide-slow-down-p1 = Que te importe es bueno. Pero actuar deprisa, antes de entender la situación de la persona, puede ponerla en más peligro. Quien la controla puede estar cerca.
guide-slow-down-dont-1 = No enfrentes a nadie que creas que la controla.
guide-slow-down-dont-2 = No le preguntes nada donde alguien pueda verte u oírte.
guide-slow-down-dont-3 = No sigas, fotografíes ni investigues a nadie.
guide-slow-down-dont-4 = No comentes lo que sospechas con la gente de su entorno.
guide-slow-down-p2 = No tienes que resolverlo solo, ni tienes que hacerlo hoy.

## La policía y el consentimiento

guide-police-consent-title = La policía y el consentimiento de la persona
guide-police-consent-p1 = Llamar a la policía puede parecer lo correcto. Pero llamar a la policía por alguien, sin que lo sepa o sin su acuerdo, le puede hacer daño.
guide-police-consent-p2 = Pueden arrestarla, detenerla o deportarla, en lugar de ayudarla. Quien la controla puede castigarla. Y puede dejar de confiar en los demás.
guide-police-consent-exception = La excepción: si la vida o la seguridad de alguien corre peligro ahora mismo, llama al 911.
guide-police-consent-p3 = En cualquier otro caso, habla primero con una organización especializada. Trabajan con el consentimiento de la persona.
guide-police-consent-link = Leer más: el consentimiento y la policía

## No eres quien rescata

guide-not-a-rescuer-title = La persona decide
guide-not-a-rescuer-p1 = Querer rescatar a alguien nace de algo bueno. Pero un rescate pone en el centro la mirada de quien ayuda. Puede dejar de lado la voz, las decisiones y la dignidad de la propia persona.
guide-not-a-rescuer-p2 = Nadie conoce su situación mejor que ella. Puede tener razones para quedarse por ahora: una deuda, amenazas a su familia o miedo por sus papeles.
guide-not-a-rescuer-p3 = Lo tuyo es ser alguien de confianza, y hacer que la ayuda esté más a su alcance cuando la quiera.

## Con qué frecuencia

guide-how-often-title = ¿Ves a esta persona con frecuencia?
guide-how-often-p1 = Por ejemplo, una vecina, un compañero de trabajo, o alguien de una tienda o un lugar al que vas a menudo.
guide-how-often-a-yes = Sí, la veo a menudo
guide-how-often-a-no = No, la vi una vez, o puede que no la vuelva a ver
guide-how-often-a-unsure = No estoy seguro

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
guide-call-experts-p1 = No tienes que decidir solo qué hacer. Las organizaciones que trabajan con sobrevivientes de la trata pueden pensarlo contigo.
guide-call-experts-p2 = En Estados Unidos, la Línea Nacional contra la Trata de Personas atiende a cualquiera que esté preocupado por alguien. Es confidencial y atiende las 24 horas. Por teléfono hay intérpretes para más de 200 idiomas.
guide-call-experts-p3 = La línea actúa solo con el consentimiento de quien llama. Las excepciones son cuando hay un menor de edad, o cuando alguien está en peligro inmediato.
guide-call-experts-p4 = También puedes contactar a una organización de confianza cerca de ti. Cuéntales lo que notaste, con tus palabras. Pueden ayudarte a pensar qué hacer, si hay que hacer algo.

## ¿Hay confianza?

guide-is-there-trust-title = ¿La persona confía en ti?
guide-is-there-trust-p1 = Piensa si pueden hablar a solas de cosas cotidianas.
guide-is-there-trust-a-yes = Sí, hablamos y parece que confía en mí
guide-is-there-trust-a-not-yet = Todavía no

## Todavía no

guide-not-yet-title = Sigue estando ahí
guide-not-yet-p1 = Es normal. La confianza puede tardar semanas o meses.
guide-not-yet-p2 = Sigue siendo amable y constante. Lleva contigo el número de una línea de ayuda. Si algo cambia, o si te preocupa, vuelve a llamar.
guide-not-yet-p3 = Si en algún momento la vida de alguien corre peligro, llama al 911.

## Ayuda concreta

guide-concrete-help-title = Las cosas pequeñas y concretas ayudan
guide-concrete-help-p1 = Cuando ya hay confianza, puedes ofrecer ayuda práctica, poco a poco, en el trato de todos los días. Ofrece, no presiones. Decir que sí o que no es su decisión.
guide-concrete-help-phone = Un celular que sea solo suyo, que nadie más controle.
guide-concrete-help-card = Números de líneas contra la trata y de refugios para víctimas de violencia doméstica. La tarjeta de bolsillo es pequeña y fácil de esconder.
guide-concrete-help-emergency = Cómo funcionan los números de emergencia: qué pasa al llamar al 911, y que los mensajes de texto al 911 solo funcionan en algunas zonas.
guide-concrete-help-hospital = Dónde está el hospital más cercano.
guide-concrete-help-warning = Dale una tarjeta o un teléfono solo si es seguro que los tenga. Si quien la controla los encuentra, podría ponerla en peligro. Pregúntale qué es seguro para ella.

## Cuídate

guide-care-for-yourself-title = Cuídate tú también
guide-care-for-yourself-p1 = Preocuparse por alguien es duro. Es normal sentir tristeza, rabia o impotencia.
guide-care-for-yourself-p2 = No te toca arreglar la situación de otra persona. Hacer lo que puedas, sin correr riesgos, es suficiente.
guide-care-for-yourself-p3 = Habla con alguien de confianza. También puedes llamar a una línea de ayuda para hablarlo.
guide-care-for-yourself-hotlines-detail = Puedes llamar por lo que viste, o por cómo te sientes.

## Otras formas de ayudar

guide-other-ways-title = Otras formas de ayudar a acabar con la trata
guide-other-ways-p1 = Aunque no estés seguro de lo que viste, o no puedas ayudar en ese momento, hay mucho que puedes hacer.
guide-other-ways-1 = Aprende cómo funciona la trata y qué ayuda a quienes la han sobrevivido.
guide-other-ways-2 = Apoya a organizaciones dirigidas por sobrevivientes.
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
guide-me-danger-p1 = Si estás en peligro ahora mismo, llama al 911.
guide-me-danger-p2 = Los mensajes de texto al 911 solo funcionan en algunas zonas. Si puedes, llama.
guide-me-danger-p3 = Di dónde estás. Si necesitas otro idioma, di cuál. Puedes pedir un intérprete.
guide-me-danger-p4 = Si tienes miedo a la policía, es comprensible. Cuando puedas, una línea contra la trata puede hablar contigo en confianza sobre tus opciones. Actúa solo con tu consentimiento, salvo cuando hay un menor de edad o alguien está en peligro inmediato.

guide-me-talk-title = Habla con alguien, en confianza
guide-me-talk-p1 = Puedes llamar, mandar un mensaje de texto o chatear con una línea de ayuda. Tú decides qué contar y qué pasa después.
guide-me-talk-p2 = La Línea Nacional contra la Trata de Personas atiende las 24 horas. Por teléfono tiene intérpretes para más de 200 idiomas. Por texto y chat atiende en español y en inglés.
guide-me-talk-p3 = Si tienes heridas o te sientes mal, la sala de emergencias de un hospital puede atenderte.
guide-me-talk-hotlines-detail = Ayuda confidencial, información y derivaciones, las 24 horas.

guide-me-safety-title = Cómo usar este dispositivo con seguridad
guide-me-safety-p1 = Si otra persona usa o revisa este teléfono o esta computadora, puede ver lo que consultaste.
guide-me-safety-1 = Si puedes, usa una ventana privada o de incógnito.
guide-me-safety-2 = Borra el historial del navegador al terminar.
guide-me-safety-3 = Usa el botón de Salida rápida para salir de este sitio enseguida.
guide-me-safety-4 = Apréndete de memoria el número de una línea de ayuda, o guarda la tarjeta de bolsillo donde solo tú la encuentres.
guide-me-safety-p2 = No estás sola ni solo. La ayuda está ahí cuando la quieras.
guide-me-safety-link = Más consejos de seguridad
