"""Event types from the trigger lexicons, on war-news sentences written for these tests.

One table per language; every row is an attributed sentence and the PLOVER category the claim
it carries should get (see lang/<code>/triggers.toml and lang/base/triggers.toml for the rank).
Several rows guard a stem against a word it used to start by accident (Drohnen is not drohen,
надалі is not надали, the State Department is not a departure).
"""

from __future__ import annotations

import pytest

import claimscope

EN = [
    (
        "Russian forces shelled the town overnight, killing two civilians, the governor said.",
        "ASSAULT",
    ),
    (
        "According to the air force, air defences shot down 31 of the 40 drones overnight.",
        "ASSAULT",
    ),
    ("The governor said that a glide bomb had damaged a hospital in Kharkiv.", "ASSAULT"),
    ("The ombudsman said that 95 prisoners of war had come home in a swap.", "COERCE"),
    (
        "According to the prosecutor, the journalist was detained in Melitopol in August.",
        "COERCE",
    ),
    ("The defence ministry said that Belarus had deployed two new brigades.", "MOBILIZE"),
    ("Air-raid alerts sounded across the country for three hours, officials said.", "MOBILIZE"),
    (
        "Russia is producing ammunition faster than at any time since the Cold War, he said.",
        "MOBILIZE",
    ),
    ("The embassy said it had ordered the departure of non-essential staff.", "RETREAT"),
    ("Russian troops withdrew from the west bank of the Dnipro, the ministry said.", "RETREAT"),
    ("The commission said that the EU would impose an export ban on dual-use goods.", "SANCTION"),
    ("Germany has pledged another 500 million euros in assistance, the chancellor said.", "AID"),
    ("The UK has trained more than 30,000 Ukrainian soldiers, the ministry said.", "AID"),
    ("The spokesman said that Moscow would retaliate against any such step.", "THREATEN"),
    ("The prime minister said that Putin was a war criminal who must face justice.", "ACCUSE"),
    ("The envoy said that the referendums were illegal and a blatant provocation.", "ACCUSE"),
    ("The Kremlin said the plan was unacceptable and ruled out any talks on it.", "REJECT"),
    ("A Kremlin spokesman said Moscow had nothing to do with the sabotage.", "REJECT"),
    ("The mayor said that the city had asked for more generators and heaters.", "REQUEST"),
    ("The presidency said that the two leaders held a phone call on Tuesday.", "CONSULT"),
    (
        "According to the Turkish ministry, both sides agreed to extend the grain deal.",
        "AGREE",
    ),
    ("The minister said the two countries would work together on shipbuilding.", "COOPERATE"),
    ("“We stand with Ukraine for as long as it takes,” the prime minister said.", "SUPPORT"),
    ("The ambassador said that Warsaw had received an apology from Kyiv.", "CONCEDE"),
    ("Thousands of people joined a protest in Tbilisi, the organisers said.", "PROTEST"),
    ("The State Department said the embassy would keep working as usual.", "STATEMENT"),
    ("The central bank said that inflation had slowed to 5 percent in March.", "STATEMENT"),
]

NL = [
    ("Volgens de gouverneur werd de stad vannacht opnieuw met raketten bestookt.", "ASSAULT"),
    (
        "Bij de luchtaanval kwamen zeker twaalf burgers om het leven, zei de burgemeester.",
        "ASSAULT",
    ),
    ("Volgens het leger werden vannacht 25 drones neergehaald.", "ASSAULT"),
    (
        "Volgens mensenrechtenorganisaties zijn honderden Oekraïners opgepakt en gedeporteerd.",
        "COERCE",
    ),
    ("Volgens de NAVO heeft Rusland 100.000 militairen bij de grens samengetrokken.", "MOBILIZE"),
    ("In de hele regio ging vannacht luchtalarm af, meldde de gouverneur.", "MOBILIZE"),
    ("Volgens het ministerie trekken de troepen zich terug uit de regio Kiev.", "RETREAT"),
    ("De EU heeft een nieuw sanctiepakket aangenomen, zei de Hoge Vertegenwoordiger.", "SANCTION"),
    ("Nederland levert 24 F-16's aan Oekraïne, zei de minister van Defensie.", "AID"),
    ("Volgens de minister krijgt Oekraïne 2 miljard euro aan militaire steun.", "AID"),
    ("Moskou zal zeker vergelding nemen, zei de Russische ambassadeur.", "THREATEN"),
    ("Volgens de minister is de annexatie illegaal en een schending van het recht.", "ACCUSE"),
    ("De premier noemde Poetin een oorlogsmisdadiger, zei zijn woordvoerder.", "ACCUSE"),
    ("Volgens het Kremlin heeft Rusland niets te maken met de sabotage.", "REJECT"),
    ("Volgens Kiev is elk voorstel voor gebiedsafstand onaanvaardbaar.", "REJECT"),
    ("Volgens de burgemeester doet de stad een dringend beroep op de inwoners.", "REQUEST"),
    ("Volgens het Witte Huis hebben beide presidenten een telefoongesprek gevoerd.", "CONSULT"),
    ("Volgens Turkije zijn beide partijen een wapenstilstand overeengekomen.", "AGREE"),
    ("De ministers zeiden dat hun landen nauwer gaan samenwerken.", "COOPERATE"),
    ("“Nederland staat pal achter Oekraïne”, zei de premier.", "SUPPORT"),
    ("Volgens de krant heeft het ministerie toegegeven dat er fouten zijn gemaakt.", "CONCEDE"),
    ("Volgens de politie deden duizenden mensen mee aan de demonstratie.", "PROTEST"),
    ("Volgens het CBS is de export naar Rusland vorig jaar sterk gedaald.", "STATEMENT"),
    ("Volgens de minister is de top van het leger vervangen.", "STATEMENT"),
]

DE = [
    ("Nach Angaben des Gouverneurs wurde die Stadt in der Nacht angegriffen.", "ASSAULT"),
    ("Laut den Behörden kamen bei dem Raketenangriff fünf Menschen ums Leben.", "ASSAULT"),
    ("Die Luftwaffe sagte, die Flugabwehr habe in der Nacht 40 Drohnen abgeschossen.", "ASSAULT"),
    ("Laut der Beauftragten sind Tausende Ukrainer in Kriegsgefangenschaft.", "COERCE"),
    ("Der Sprecher sagte, die Journalistin sei in Moskau festgenommen worden.", "COERCE"),
    ("Laut dem Ministerium hat Russland weitere Truppen an die Grenze verlegt.", "MOBILIZE"),
    ("Der Minister sagte, die Teilmobilmachung betreffe 300.000 Reservisten.", "MOBILIZE"),
    ("Laut dem Ministerium hat der Abzug der Truppen aus Cherson begonnen.", "RETREAT"),
    ("Die Präsidentin sagte, die EU werde ein Einfuhrverbot für Stahl verhängen.", "SANCTION"),
    ("Der Kanzler sagte, Deutschland werde weitere Waffen und Munition liefern.", "AID"),
    ("Laut Regierungssprecher hat Berlin der Ukraine eine Milliardenhilfe zugesagt.", "AID"),
    ("Der Kremlsprecher sagte, Moskau drohe mit Vergeltung.", "THREATEN"),
    ("Die Außenministerin sagte, die Annexion sei völkerrechtswidrig.", "ACCUSE"),
    ("Laut Kiew betreibt Moskau nukleare Erpressung.", "ACCUSE"),
    ("Der Kremlsprecher sagte, Russland habe damit nichts zu tun.", "REJECT"),
    ("Laut Selenskyj ist ein solcher Vorschlag für die Ukraine inakzeptabel.", "REJECT"),
    ("Der Bürgermeister sagte, er bitte um schnelle Hilfe beim Wiederaufbau.", "REQUEST"),
    ("Laut Élysée telefonierte Macron am Dienstag eine Stunde lang mit Putin.", "CONSULT"),
    ("Der Außenminister sagte, beide Seiten hätten sich auf eine Waffenruhe geeinigt.", "AGREE"),
    ("Laut Rheinmetall soll die Zusammenarbeit mit ukrainischen Firmen wachsen.", "COOPERATE"),
    ("Der Kanzler sagte, Deutschland stehe fest an der Seite der Ukraine.", "SUPPORT"),
    ("Laut dem Bericht hat das Ministerium Fehler eingeräumt.", "CONCEDE"),
    ("Laut Polizei nahmen rund 10.000 Menschen an der Kundgebung teil.", "PROTEST"),
    ("Laut Statistikamt sanken die Exporte nach Russland um 45 Prozent.", "STATEMENT"),
    ("Der Minister sagte, einige Länder seien noch unentschlossen.", "STATEMENT"),
]

FR = [
    ("Selon le gouverneur, la ville a été pilonnée toute la nuit.", "ASSAULT"),
    ("Au moins trois civils ont été tués dans une frappe, a déclaré le maire.", "ASSAULT"),
    ("Selon l'armée de l'air, la défense antiaérienne a abattu 30 drones.", "ASSAULT"),
    ("Selon l'ONU, des milliers de civils ukrainiens sont détenus en Russie.", "COERCE"),
    ("Le parquet a indiqué que le journaliste avait été placé en garde à vue.", "COERCE"),
    ("Selon le ministère, la Russie a déployé de nouvelles unités à la frontière.", "MOBILIZE"),
    ("Le président a déclaré que la loi martiale serait prolongée de 90 jours.", "MOBILIZE"),
    ("Selon l'état-major, les troupes ont achevé leur repli sur la rive gauche.", "RETREAT"),
    ("Selon Bruxelles, le gel des avoirs de la banque centrale sera maintenu.", "SANCTION"),
    ("Le ministre a déclaré que la France livrera de nouveaux canons à l'Ukraine.", "AID"),
    ("Selon le ministère, Paris a débloqué une enveloppe de 200 millions d'euros.", "AID"),
    ("Le Kremlin a déclaré que la Russie prendrait des mesures de représailles.", "THREATEN"),
    ("Le ministre a déclaré que l'annexion était illégale.", "ACCUSE"),
    ("Selon le président, les auteurs de ces crimes de guerre seront jugés.", "ACCUSE"),
    ("Le Kremlin a déclaré que ces informations étaient sans fondement.", "REJECT"),
    ("Selon le maire, la ville réclame davantage de générateurs.", "REQUEST"),
    ("Selon l'Élysée, les deux présidents se sont entretenus par téléphone.", "CONSULT"),
    ("Selon Ankara, les deux parties se sont mises d'accord sur une trêve.", "AGREE"),
    ("Le ministre a déclaré que les deux pays renforceraient leur coopération.", "COOPERATE"),
    ("Le président a déclaré que la France restera aux côtés de l'Ukraine.", "SUPPORT"),
    ("Selon le journal, le ministère a reconnu des erreurs de planification.", "CONCEDE"),
    ("Selon la police, des milliers de manifestants ont défilé à Tbilissi.", "PROTEST"),
    ("Selon la banque centrale, l'inflation a ralenti à 5 % en mars.", "STATEMENT"),
    ("Un responsable américain a déclaré que le calendrier restait inchangé.", "STATEMENT"),
]

RU = [
    ("По словам губернатора, ночью город подвергся массированному обстрелу.", "ASSAULT"),
    ("Минобороны заявило, что силы ПВО сбили 25 беспилотников.", "ASSAULT"),
    ("По данным администрации, в результате удара погибли три человека.", "ASSAULT"),
    ("По словам омбудсмена, в плену остаются тысячи украинских военных.", "COERCE"),
    ("Представитель суда сообщил, что журналист задержан по подозрению в шпионаже.", "COERCE"),
    ("По данным разведки, Россия перебросила к границе новые подразделения.", "MOBILIZE"),
    ("Губернатор заявил, что в регионе объявлена воздушная тревога.", "MOBILIZE"),
    ("Минобороны сообщило, что начался отвод войск в места постоянной дислокации.", "RETREAT"),
    ("По словам главы МИД, ЕС готовит новый пакет санкций против России.", "SANCTION"),
    ("По словам министра, Германия передаст Украине еще две системы ПВО.", "AID"),
    ("Пентагон заявил, что новый пакет военной помощи включает боеприпасы.", "AID"),
    ("Песков заявил, что Москва примет ответные меры.", "THREATEN"),
    ("Захарова заявила, что действия Киева являются провокацией.", "ACCUSE"),
    ("Лавров заявил, что Запад ведет против России гибридную агрессию.", "ACCUSE"),
    ("Песков заявил, что Кремль не имеет отношения к инциденту.", "REJECT"),
    ("По словам Пескова, такие предложения неприемлемы для Москвы.", "REJECT"),
    ("Генсек ООН заявил, что настаивает на немедленном доступе в Мариуполь.", "REQUEST"),
    ("По данным Кремля, Путин и Эрдоган обсудили по телефону зерновую сделку.", "CONSULT"),
    ("По словам Эрдогана, стороны договорились о перемирии на Пасху.", "AGREE"),
    ("Министр заявил, что Россия и Иран расширят военно-техническое сотрудничество.", "COOPERATE"),
    ("Лукашенко заявил, что поддерживает решения Москвы.", "SUPPORT"),
    ("Командир заявил, что признает ошибки в планировании операции.", "CONCEDE"),
    ("По данным правозащитников, в Москве прошли пикеты против войны.", "PROTEST"),
    ("По данным Росстата, инфляция в марте замедлилась до 7 процентов.", "STATEMENT"),
    ("Помощник президента Ушаков заявил, что сроки пока не определены.", "STATEMENT"),
]

UK = [
    ("За словами голови ОВА, внаслідок обстрілу загинули двоє цивільних.", "ASSAULT"),
    ("У Повітряних силах заявили, що протягом ночі збито 30 дронів.", "ASSAULT"),
    ("За даними поліції, у Харкові пошкоджено житловий будинок.", "ASSAULT"),
    ("За словами омбудсмана, з полону вдалося повернути 95 захисників.", "COERCE"),
    ("СБУ повідомила, що затримала агента російських спецслужб.", "COERCE"),
    ("За даними розвідки, Росія перекинула до кордону нові підрозділи.", "MOBILIZE"),
    ("Голова ОВА повідомив, що в області оголошено повітряну тривогу.", "MOBILIZE"),
    ("За словами речника, російські війська відступили з правобережжя.", "RETREAT"),
    ("Прем'єр заявив, що Японія запровадила нові санкції проти Росії.", "SANCTION"),
    ("За словами міністра, Данія передасть Україні ще 20 винищувачів.", "AID"),
    ("Міністр оборони заявив, що Україна отримала нову партію боєприпасів.", "AID"),
    ("Речник Кремля заявив, що Москва вдасться до відплати.", "THREATEN"),
    ("Зеленський заявив, що Росія чинить геноцид українського народу.", "ACCUSE"),
    ("Речник МЗС заявив, що так звані референдуми є незаконними.", "ACCUSE"),
    ("Речник МЗС заявив, що Україна не має жодного стосунку до цього інциденту.", "REJECT"),
    ("За словами Кулеби, такі умови є неприйнятними для України.", "REJECT"),
    ("Президент заявив, що Україна наполягає на прискоренні рішень.", "REQUEST"),
    ("За даними Офісу президента, лідери обговорили ситуацію на фронті.", "CONSULT"),
    ("За словами Ердогана, сторони домовилися про перемир'я.", "AGREE"),
    ("Міністр заявив, що Україна та Чехія розширять співпрацю в оборонній сфері.", "COOPERATE"),
    ("Прем'єр-міністр заявив, що Канада й надалі підтримуватиме Україну.", "SUPPORT"),
    ("Командувач заявив, що визнає відповідальність за помилки.", "CONCEDE"),
    ("За даними поліції, у Києві відбувся мітинг проти корупції.", "PROTEST"),
    ("За даними Держстату, інфляція в березні сповільнилася до 4 відсотків.", "STATEMENT"),
    ("Міністр заявив, що наступного тижня уряд розгляне бюджет.", "STATEMENT"),
]

ROWS = [
    pytest.param(lang, text, event, id=f"{lang}-{i}-{event}")
    for lang, table in (("en", EN), ("nl", NL), ("de", DE), ("fr", FR), ("ru", RU), ("uk", UK))
    for i, (text, event) in enumerate(table)
]


@pytest.fixture(scope="module")
def resources():
    return claimscope.Resources()


@pytest.mark.parametrize(("lang", "text", "event"), ROWS)
def test_event_type_from_triggers(resources, lang, text, event):
    doc = claimscope.analyze_text(text, date="2023-05-02", lang=lang, resources=resources)
    assert doc.claims, "no claim found"
    assert doc.claims[0].proposition.event_type == event
