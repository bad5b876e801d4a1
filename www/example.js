// example.js — the built-in example for "Try an example": an original,
// fictional news story written for lede (no real people or events), dense in
// what lede finds: quotes with speakers before and after them and pronoun
// speakers, figures (currency, percentages, ranges, dates, ages, measures),
// and people, organisations and places.

export const EXAMPLE_TITLE = 'Port Ellery votes to rebuild its flooded ferry terminal (fictional)';

export const EXAMPLE = `Port Ellery votes to rebuild its flooded ferry terminal for $48.2 million

PORT ELLERY, March 14 — The Port Ellery Town Council voted 7-2 on Tuesday to rebuild the ferry terminal wrecked by the January floods, approving a $48.2 million plan that Mayor Ines Calloway called "the most important decision this council will make in a decade."

"We cannot ask 12,000 people a day to wait on a broken pier," Calloway said after the vote. "The ferry is not a luxury here. It is the road."

The plan, drawn up by the engineering firm Halvorsen & Reyes, raises the terminal by 1.5 metres and adds a second berth. Construction is due to start in September and to take 18 to 24 months.

Not everyone was convinced. Councillor Tomas Ferreira, who voted against, said the cost had risen by 35% since the first estimate last spring. "Every time we see these numbers they are bigger," he said. "I want a terminal, but I also want to know who pays when it goes over budget."

According to the Northern Coast Transit Authority, ridership fell by almost a third in February, to about 8,400 trips a day, while passengers were moved to temporary boats at the fishing harbour.

Dana Okafor, 34, a nurse who crosses twice a day to the regional hospital in Marrow Bay, said the temporary service had added an hour to her commute. "Some mornings the water is 4 degrees Celsius and the boat is open on both sides," she said. "You arrive at work already tired."

Lena Halvorsen, a partner at Halvorsen & Reyes, told reporters the design borrows from terminals in Rotterdam and Copenhagen. "A terminal that floods once in a hundred years is no longer good enough," she said, adding that sea levels along this coast could rise between 30 and 60 centimetres by 2100.

The council expects a €6 million grant from the European Union and a loan of up to $20 million from the Coastal Infrastructure Bank. The rest, roughly $22 million, would come from a 2.5% surcharge on ferry tickets over 15 years.

Harbour master Quentin Marsh said the old pier, built in 1962, had been "patched more times than anyone can count." He said the last repair, in October 2024, cost $310,000 and lasted eleven weeks.

A final design will be presented at a public meeting on April 2. Residents can comment until April 30, the council said.

(This story is fiction, written as an example for lede. Its people, town and companies do not exist.)`;
