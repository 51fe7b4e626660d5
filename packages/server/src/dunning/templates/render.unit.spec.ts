import { describe, expect, it } from 'vitest';
import { parseMoney } from '@quittance/domain';
import { resolveTemplate, standardTemplates, STANDARD_TEMPLATE_IDS } from './catalog';
import { DEFAULT_LOCALES, DUNNING_LANGUAGES, type DunningContext, type DunningLanguage } from './context';
import { formatMoneyForLocale } from './format';
import { previewTemplate, sampleDunningContext } from './preview';
import { renderDunningMessage } from './render';
import { DunningTemplateError, type DunningTemplate } from './template';

const money = (amount: string, language: DunningLanguage) =>
  formatMoneyForLocale(parseMoney(amount, 'EUR'), DEFAULT_LOCALES[language]);
const standard = async (id: string, language: DunningLanguage): Promise<DunningTemplate> =>
  resolveTemplate(await standardTemplates(), id, language).template;
const LEFTOVERS = ['{{', '}}', '{%', '%}', '[[', 'undefined', 'NaN', '[object Object]', '\ue000'];

describe.each(DUNNING_LANGUAGES)('standard templates in %s', (language) => {
  it.each(STANDARD_TEMPLATE_IDS)(
    '%s renders every variable, with money in the language’s format',
    async (id) => {
      // strictVariables: a variable the sample context lacks fails the render instead of printing nothing.
      const message = await previewTemplate(id, language, undefined, { strictVariables: true });
      expect(message.fallback).toBe(false);
      expect(message.subject).not.toBe('');
      for (const part of [message.subject, message.text, message.sms]) {
        for (const leftover of LEFTOVERS) expect(part).not.toContain(leftover);
      }
      expect(message.html).toContain(`<html lang="${DEFAULT_LOCALES[language]}">`);
      expect(message.sms.length).toBeGreaterThan(0);
      expect(message.sms.length).toBeLessThanOrEqual(160);
      if (id !== 'thank-you') {
        const context = sampleDunningContext(language, {
          customerType: id.startsWith('consumer-') ? 'consumer' : 'business',
          level: id.endsWith('prevention') ? 'prevention' : 'R1',
        });
        const total = money(context.totals.totalDue, language);
        expect(message.text).toContain(total);
        expect(message.sms).toContain(total.replace(/[\u00a0\u202f]/g, ' '));
        expect(message.text).toContain(money(context.items[0]?.outstanding ?? '', language));
        // The item table and the payment details are there, in the language of the template.
        expect(message.blocks.some((b) => b.type === 'table' && b.role === 'items')).toBe(true);
        expect(message.text).toContain('RF18539007547034');
      }
    },
  );
});

it('writes French amounts as 1 250,00 € and English ones as €1,250.00', async () => {
  const fr = await previewTemplate('business-r1', 'fr');
  const en = await previewTemplate('business-r1', 'en');
  expect(fr.text).toContain('1\u202f250,00\u00a0€');
  expect(fr.text).not.toContain('€1,250.00');
  expect(en.text).toContain('€1,250.00');
  expect(fr.text).toContain('10 avril 2025');
  expect(en.text).toContain('10 April 2025');
});

describe('French consumer letters (CPCE R124-4)', () => {
  // An agency collecting for a creditor, with collection costs the creditor must bear: they
  // must not be claimed from the debtor.
  const base = sampleDunningContext('fr', { customerType: 'consumer', level: 'R2' });
  const context: DunningContext = {
    ...base,
    company: {
      ...base.company,
      name: 'Recouvrement Rhône',
      legalName: 'Recouvrement Rhône SARL',
      addressLines: ['4 quai Perrache', '69002 Lyon'],
    },
    creditor: { name: 'Télécom Lumière SA', addressLines: ['1 place Bellecour', '69002 Lyon'] },
    totals: { principal: '179.80', interest: '1.85', fees: '12.00', costs: '25.00', totalDue: '218.65' },
  };
  const normalise = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

  it.each(['consumer-reminder-1', 'consumer-reminder-2', 'consumer-final'])(
    '%s carries the mentions',
    async (id) => {
      const text = normalise(
        renderDunningMessage(await standard(id, 'fr'), context, { strictVariables: true }).text,
      );
      // 1° the person collecting, its address, and that it collects amicably.
      expect(text).toContain(
        'Personne chargée du recouvrement amiable : Recouvrement Rhône SARL, 4 quai Perrache, 69002 Lyon, qui exerce une activité de recouvrement amiable pour le compte du créancier.',
      );
      // 2° the creditor and its address.
      expect(text).toContain('Créancier : Télécom Lumière SA, 1 place Bellecour, 69002 Lyon.');
      // 3° the basis and the amount, principal, interest and other sums apart, without the costs.
      expect(text).toContain(
        'Fondement de la créance : contrat d’abonnement n° AB-77812 du 12 septembre 2023.',
      );
      expect(text).toMatch(/Principal +179,80 €/);
      expect(text).toMatch(/Intérêts +1,85 €/);
      expect(text).toMatch(/Autres sommes accessoires +12,00 €/);
      expect(text).toMatch(/Total à payer +193,65 €/);
      expect(text).not.toContain('25,00 €');
      expect(text).not.toContain('218,65 €');
      expect(text).toContain('Les frais de recouvrement amiable restent à la charge du créancier');
      // 4° the request to pay, and how.
      expect(text).toMatch(/payer la somme de 193,65 € avant le 10 avril 2025/);
      expect(text).toContain('FR76 3000 6000 0112 3456 7890 189');
      expect(text).toMatch(/Montant +193,65 €/);
      // 5° article L111-8, the paragraphs on the costs of collection without an enforceable title.
      expect(text).toContain(
        "« Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier, sauf s'ils concernent un acte dont l'accomplissement est prescrit par la loi au créancier. Toute stipulation contraire est réputée non écrite, sauf disposition législative contraire.\nCependant, le créancier qui justifie du caractère nécessaire des démarches entreprises pour recouvrer sa créance peut demander au juge de l'exécution de laisser tout ou partie des frais ainsi exposés à la charge du débiteur de mauvaise foi. »",
      );
      // Later letters recall the reference and date of the first one.
      expect(text).toContain('premier courrier réf. 2025-00042/R1 du 3 mars 2025');
    },
  );

  it('says the company collects its own debt when there is no other creditor', async () => {
    const text = renderDunningMessage(await standard('consumer-reminder-1', 'fr'), base).text;
    expect(text).toContain('qui exerce une activité de recouvrement amiable.\n');
    expect(text).toContain('Créancier : Quincaillerie Moreau SAS, 18 rue des Tanneurs, 69002 Lyon, France.');
  });
});

describe('values are escaped', () => {
  const hostile: DunningContext = {
    ...sampleDunningContext('en'),
    customer: {
      ...sampleDunningContext('en').customer,
      name: '<script>alert("x")</script> & Co',
      contactName: '**Boss** | [[payment]]',
    },
  };

  it('in the HTML email', async () => {
    const message = renderDunningMessage(await standard('business-r1', 'en'), hostile);
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('Dear **Boss** | [[payment]],');
    const custom: DunningTemplate = {
      ...(await standard('business-r1', 'en')),
      html: '<h1>{{ customer.name }}</h1>{{ body_html | raw }}',
    };
    const own = renderDunningMessage(custom, hostile).html;
    expect(own).toContain('<h1>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co</h1>');
    expect(own).toContain('<table');
  });

  it('in the text: a value cannot add markup or directives', async () => {
    const message = renderDunningMessage(await standard('business-r1', 'en'), hostile);
    expect(message.text).toContain('Dear **Boss** | [[payment]],\n');
    expect(message.blocks.filter((b) => b.type === 'table' && b.role === 'payment')).toHaveLength(1);
  });
});

describe('rendering', () => {
  it('is deterministic', async () => {
    const template = await standard('business-r2', 'de');
    const context = sampleDunningContext('de', { level: 'R2' });
    expect(renderDunningMessage(template, context)).toEqual(renderDunningMessage(template, context));
  });

  it('formats with another locale of the language when asked', async () => {
    const message = renderDunningMessage(await standard('business-r1', 'de'), sampleDunningContext('de'), {
      locale: 'de-CH',
    });
    expect(message.locale).toBe('de-CH');
    expect(message.text).toMatch(/4[’']329\.22/);
  });

  it('dates the payment ten days after today when the context gives no date', async () => {
    const context = sampleDunningContext('en');
    const { payBy: _ignored, ...payment } = context.payment;
    const message = renderDunningMessage(await standard('business-r1', 'en'), { ...context, payment });
    expect(message.text).toContain('by 10 April 2025');
  });

  it('prints nothing for a missing variable unless strict, where it names the line', async () => {
    const template: DunningTemplate = {
      id: 'custom',
      language: 'en',
      subject: 'Hello',
      body: 'Contract {{ case.customFields.contract }}.',
      source: { file: 'custom/en.md', firstLine: { subject: 2, body: 4 } },
    };
    expect(renderDunningMessage(template, sampleDunningContext('en')).text).toBe('Contract .\n');
    expect(() =>
      renderDunningMessage(template, sampleDunningContext('en'), { strictVariables: true }),
    ).toThrow('custom/en.md:4: body: undefined variable: case.customFields.contract');
  });

  it('stops a runaway loop', () => {
    const template: DunningTemplate = {
      id: 'custom',
      language: 'en',
      subject: 'Hello',
      body: '{% for i in (1..100000000) %}{{ i }}{% endfor %}',
    };
    expect(() => renderDunningMessage(template, sampleDunningContext('en'))).toThrow(
      /memory alloc limit exceeded/,
    );
  });

  it('uses the custom fields of the case', async () => {
    const template: DunningTemplate = {
      id: 'custom',
      language: 'en',
      subject: 'Contract {{ case.customFields.contractNumber }}',
      body: 'Body',
    };
    expect(renderDunningMessage(template, sampleDunningContext('en')).subject).toBe('Contract AB-77812');
  });

  it('refuses a float given to the money filter, naming the line', () => {
    const template: DunningTemplate = {
      id: 'custom',
      language: 'en',
      subject: 'Hello',
      body: 'A\n\n{{ 12.5 | money }}',
    };
    const error = (() => {
      try {
        renderDunningMessage(template, sampleDunningContext('en'));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DunningTemplateError);
    expect((error as DunningTemplateError).issues[0]).toMatchObject({ file: 'custom/en.md', line: 3 });
    expect((error as Error).message).toContain('not floating-point numbers');
  });
});
