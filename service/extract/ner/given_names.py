"""Common given names, for telling a person from an organisation when spaCy reads "Terry Pettit" as ORG.

A name that starts with one of these and has no organisation word in it votes person. The list is
common first names in English-language news (US and UK registers) and frequent Arabic, Hispanic,
Slavic, French, German, Italian, African and South Asian ones; names that are also big places
("Charlotte", "Jordan") are checked against the gazetteer by the rule, not left out here.
"""

from __future__ import annotations

GIVEN_NAMES = frozenset(
    """
aaron abby abdul abdullah abigail abraham adam adrian ahmad ahmed aisha alan albert alberto alejandro alex
alexander alexandra alexei alfred ali alice alicia alison allen allison alvin amanda amber amina amir amy ana
anderson andre andrea andrei andres andrew andy angel angela angelo angie anita ann anna anne annie anthony
antoine anton antonio antwan april arjun arthur ashley audrey austin ava barbara barry beatriz ben benjamin
bernard beth betty beverly bill billy bob bobby bonnie boris brad bradley brandon brenda brett brian bridget
brittany bruce bruno bryan caleb calvin cameron camila candace carl carla carlos carmen carol caroline carolyn
carrie casey catherine cathy cecilia chad charles charlie chelsea cheryl chris christian christina christine
christophe christopher cindy claire clara clarence claude claudia clifford clint cody colin connie connor
corey courtney craig cristina crystal curtis cynthia daisy dale dan dana daniel daniela danielle danny darius
darnell darren darryl dave david dawn dean deborah debra denise dennis derek derrick desmond diana diane diego
dmitry dolores dominic don donald donna doris dorothy doug douglas dustin dwayne dylan earl eddie edgar edith
eduardo edward edwin eileen elaine eleanor elena eli elijah elizabeth ella ellen emily emma emmanuel enrique
eric erica erik erin ernest esther ethan eugene eva evan evelyn fatima felipe felix fernando fiona florence
frances francis francisco frank franz fred frederick gabriel gabriela gail gary gavin gavrilo gene geoffrey
george gerald gilbert gina giovanni giuseppe glen glenn gloria gordon grace graham grant greg gregory gustavo
hamid hannah hans harold harry harvey hassan heather hector heidi helen henry herbert hillary holly howard
hugo hussein ian igor irene isaac isabel isabella ivan jack jackie jacob jacqueline jake james jamie jan jane
janet janice jared jasmine jason javier jay jean jeff jeffrey jennifer jenny jeremy jerome jerry jesse jessica
jesus jill jim jimmy jo joan joanne joe joel johann john johnny jon jonathan jorge jose joseph josh joshua
joyce juan judith judy julia julian julie justin kamal karen karim karl kate katherine kathleen kathryn kathy
katie kayla keith kelly ken kenneth kevin khalid kim kimberly kirk kristen kurt kyle lamar lance larry laura
lauren lawrence leah lee leon leonard leroy leslie lewis liam lillian linda lindsay lisa lloyd logan lois
lorenzo lori louis louise lucas lucia lucy luis luke lydia lynn mahmoud malcolm manuel marc marco marcus
margaret maria mariam marie marilyn mario marion mark marsha martha martin marvin mary mason mathew matthew
maureen maurice max maya megan melanie melinda melissa michael michele michelle miguel mike mikhail milton
mohamed mohammad mohammed mehmet muhammed ahmet
moise monica morgan muhammad mustafa nadia nancy naomi natalia natalie nathan
nathaniel neil nelson nicholas nick nicole nikolai nina noah norma norman olga oliver olivia omar oscar pablo
pamela patricia patrick paul paula pedro peggy penny peter philip phillip pierre rachel rafael ralph ramon
randall randy raul ray raymond rebecca reggie regina renee rhonda ricardo richard rick ricky rita rob robert
roberta roberto robin rodney roger roland ron ronald rosa rose ross roxanne roy ruby russell ruth ryan sabrina
salvador sam samantha samir samuel sandra sara sarah scott sean sergei sergio seth shannon sharon shawn
sheila shirley sidney simon sofia sonia stacy stanley stefan stephanie stephen steve steven stuart susan
suzanne sylvia tamara tanya tara ted teresa terrence terri terry theodore theresa thomas tiffany tim timothy
tina todd tom tommy tony tracy travis trevor troy tyler valerie vanessa vera veronica victor vincent viktor
vladimir walter wanda warren wayne wendy wesley william willie wilson xavier yasmin yolanda yolande youssef
yuri yusuf yulia zachary zoe
""".split()
)
