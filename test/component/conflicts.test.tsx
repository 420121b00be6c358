// @vitest-environment happy-dom
// Problems → Conflicts against a real engine whose catalog hub (match on code, policy review) holds a record two
// sources changed to different values: the operator picks per field, pins one, and unpins it.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MappedProduct } from '../../src-shared/domain.js';
import { ConflictList } from '../../src-renderer/components/ConflictList.js';
import { I18nProvider } from '../../src-renderer/i18n/index.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import type { Engine } from '../../src-main/engine/engine.js';
import { agentPerTest } from './engineBridge.js';
import { hourAt as t, hubProduct as product } from '../helpers/hubProducts.js';

const openAgent = agentPerTest();
const source = (name: string) =>
  `  - { name: ${name}, kind: rest, baseUrl: "http://127.0.0.1:9", path: /p, mapping: { fields: { id: id, name: name, code: code } } }`;
const CONFIG = [
  'syncOnStart: false',
  'sources:',
  source('erp'),
  source('crm'),
  'catalog:',
  '  products: { match: code, policy: review }',
  '',
].join('\n');


/** Pages as the pipeline would write them, through the engine's own hub. */
function sync(engine: Engine, ...items: MappedProduct[]) {
  let run = 0;
  for (const p of items) engine.hub.applyPage('products', [prepareProduct({ ...p })], null, t(100 + ++run));
}

describe('Problems → Conflicts', () => {
  it('picks one field from a source and keeps the other as shown; pins it; unpins it', async () => {
    const agent = await openAgent(CONFIG);
    sync(agent.engine, product('erp', 'E1'), product('crm', 'C1'));
    sync(
      agent.engine,
      product('erp', 'E1', { price: 20, name: 'Compressor ERP', sourceUpdatedAt: t(2) }),
      product('crm', 'C1', { price: 30, name: 'Compressor CRM', sourceUpdatedAt: t(3) }),
    );
    render(
      <I18nProvider locale="en">
        <ConflictList now={Date.parse(t(200))} />
      </I18nProvider>,
    );
    const conflict = await screen.findByTestId('conflict');
    const fields = within(conflict).getAllByTestId('conflict-field');
    expect(fields.map((f) => f.dataset['field'])).toEqual(['name', 'price']);
    expect(fields.map((f) => f.querySelector('legend')!.textContent)).toEqual(['Name', 'Price']);
    const price = fields[1]!;
    expect(within(price).getByRole('radio', { name: /From crm: R\$30\.00/ })).toBeTruthy();
    const apply = within(conflict).getByRole('button', { name: /Apply/ }) as HTMLButtonElement;
    expect(apply.disabled).toBe(true);

    fireEvent.click(within(price).getByRole('radio', { name: /From crm: R\$30\.00/ }));
    fireEvent.click(within(price).getByRole('checkbox', { name: /Pin this value/ }));
    expect(within(conflict).getByText('Fields you leave unpicked stay in review.')).toBeTruthy();
    fireEvent.click(within(conflict).getByRole('button', { name: 'Apply 1 pick' }));

    // Price taken from the CRM and pinned; name still in review.
    await waitFor(() => expect(within(screen.getByTestId('conflict')).getAllByTestId('conflict-field')).toHaveLength(1));
    expect((await agent.engine.getProduct({ id: 'E1' }))!.price).toBe(30);
    const pin = await screen.findByTestId('pinned-field');
    expect(pin.textContent).toContain('Price: R$30.00');
    expect((await agent.engine.getProvenance({ entity: 'products', id: 'E1' }))!.pins['price']!.value).toBe(30);

    // Unpin from the list: the pin is gone from the record.
    fireEvent.click(within(pin).getByRole('button', { name: 'Unpin Price' }));
    await waitFor(() => expect(screen.queryByTestId('pinned-field')).toBeNull());
    expect((await agent.engine.getProvenance({ entity: 'products', id: 'E1' }))!.pins).toEqual({});

    // The last field kept as the catalog shows it: the conflict resolves and the list is empty.
    const nameField = within(screen.getByTestId('conflict')).getByTestId('conflict-field');
    fireEvent.click(within(nameField).getByRole('radio', { name: /Keep what the catalog shows: Compressor ERP/ }));
    fireEvent.click(within(screen.getByTestId('conflict')).getByRole('button', { name: 'Apply 1 pick' }));
    await screen.findByText('No catalog record waits for review.');
    expect(await agent.engine.listConflicts({ status: 'open', limit: 10 })).toEqual([]);
    expect((await agent.engine.getProduct({ id: 'E1' }))!.name).toBe('Compressor ERP');
  });
});

describe('Problems → Conflicts, live and in Portuguese', () => {
  it('a conflict that opens while the list is shown appears; "take all from" picks every field of one source', async () => {
    const agent = await openAgent(CONFIG);
    render(
      <I18nProvider locale="pt-BR">
        <ConflictList now={Date.parse(t(200))} />
      </I18nProvider>,
    );
    await screen.findByText('Nenhum registro do catálogo aguarda revisão.');
    sync(agent.engine, product('erp', 'E1'), product('crm', 'C1'));
    sync(
      agent.engine,
      product('erp', 'E1', { price: 1234.5, stock: 4, sourceUpdatedAt: t(2) }),
      product('crm', 'C1', { price: 3006.22, stock: 9, sourceUpdatedAt: t(3) }),
    );
    // The engine's conflict alert (not a reload by the test) brings it in.
    const conflict = await screen.findByTestId('conflict');
    const price = within(conflict).getAllByTestId('conflict-field').find((f) => f.dataset['field'] === 'price')!;
    // Brazilian money, and the catalog's value meanwhile (the ERP changed first, alone: taken).
    expect(within(price).getByRole('radio', { name: /De crm: R\$\s3\.006,22/ })).toBeTruthy();
    expect(within(price).getByRole('radio', { name: /Manter o que o catálogo mostra: R\$\s1\.234,50/ })).toBeTruthy();
    expect(price.textContent).toMatch(/atualizado na origem 01\/01\/2026/);

    fireEvent.click(within(conflict).getByRole('button', { name: 'Usar tudo de crm' }));
    const radios = within(conflict).getAllByRole<HTMLInputElement>('radio').filter((r) => r.checked);
    expect(radios.map((r) => r.value)).toEqual(['crm', 'crm']);
    fireEvent.click(within(conflict).getByRole('button', { name: 'Aplicar 2 escolhas' }));
    await screen.findByText('Nenhum registro do catálogo aguarda revisão.');
    const e1 = (await agent.engine.getProduct({ id: 'E1' }))!;
    expect([e1.price, e1.stock]).toEqual([3006.22, 9]);
    expect((await agent.engine.getProvenance({ entity: 'products', id: 'E1' }))!.fields['price']).toBe('review');
  });
});
