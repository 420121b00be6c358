// @vitest-environment happy-dom
// Catalog → product detail against a real engine whose hub links an ERP and a CRM record by code (last write): each
// value says which source it came from; the operator pins a price, a later sync with another price keeps the pin
// and the detail says the source disagrees; unpinning gives the source's value back. History lines say the origin.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MappedProduct } from '../../src-shared/domain.js';
import { ProductDetail } from '../../src-renderer/components/ProductDetail.js';
import { I18nProvider } from '../../src-renderer/i18n/index.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import type { Engine } from '../../src-main/engine/engine.js';
import { agentPerTest } from './engineBridge.js';
import { hourAt as t, hubProduct as product } from '../helpers/hubProducts.js';

const openAgent = agentPerTest();
const source = (name: string) =>
  `  - { name: ${name}, kind: rest, baseUrl: "http://127.0.0.1:9", path: /p, mapping: { fields: { id: id, name: name, code: code } } }`;
const CONFIG = ['syncOnStart: false', 'sources:', source('erp'), source('crm'), 'catalog:', '  products: { match: code, policy: last-write }', ''].join('\n');
let run = 0;
const sync = (engine: Engine, ...items: MappedProduct[]) => {
  for (const p of items) engine.hub.applyPage('products', [prepareProduct({ ...p })], null, t(100 + ++run));
};
const row = (field: string) => screen.getAllByTestId('provenance-row').find((r) => r.dataset['field'] === field)!;

describe('product detail: provenance and pins', () => {
  it('says where each value came from; a pin holds through a disagreeing sync, then unpins', async () => {
    const agent = await openAgent(CONFIG);
    sync(agent.engine, product('erp', 'E1'), product('crm', 'C1', { price: 12, sourceUpdatedAt: t(2) }));
    sync(agent.engine, product('erp', 'E1', { brand: 'ACME', sourceUpdatedAt: t(3) }));
    render(
      <I18nProvider locale="en">
        <ProductDetail id="E1" onClose={() => {}} onOpen={() => {}} />
      </I18nProvider>,
    );
    await screen.findByTestId('provenance');
    await waitFor(() => expect(within(row('price')).getByTestId('provenance-origin').textContent).toBe('crm'));
    expect(within(row('brand')).getByTestId('provenance-origin').textContent).toBe('erp');
    expect(within(screen.getByTestId('provenance-links')).getAllByRole('listitem')).toHaveLength(2);

    // A typo is refused with a message and nothing pinned.
    fireEvent.click(within(row('price')).getByRole('button', { name: 'Pin Price to this value' }));
    const input = within(screen.getByTestId('pin-form')).getByRole('textbox');
    fireEvent.change(input, { target: { value: '9,9x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pin value' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Enter a number/);
    expect((await agent.engine.getProvenance({ entity: 'products', id: 'E1' }))!.pins).toEqual({});

    fireEvent.change(input, { target: { value: '9,90' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pin value' }));
    await waitFor(() => expect(within(row('price')).getByTestId('provenance-origin').textContent).toBe('pinned by an operator'));
    expect(row('price').textContent).toContain('R$9.90');
    expect((await agent.engine.getProduct({ id: 'E1' }))!.price).toBe(9.9);

    // The CRM says 15 now: the pin holds, and the detail (opened again) says the source disagrees.
    sync(agent.engine, product('crm', 'C1', { price: 15, sourceUpdatedAt: t(3) }));
    expect((await agent.engine.getProduct({ id: 'E1' }))!.price).toBe(9.9);
    fireEvent.click(within(row('price')).getByRole('button', { name: 'Unpin Price' }));
    await waitFor(() => expect(within(row('price')).getByTestId('provenance-origin').textContent).toBe('crm'));
    expect(row('price').textContent).toContain('R$15.00');
    expect((await agent.engine.getProduct({ id: 'E1' }))!.price).toBe(15);

    // History lines name their origin: the operator's pin and unpin among the sources' changes.
    const origins = (await screen.findAllByTestId('history-origin')).map((o) => o.textContent);
    expect(origins).toContain('by an operator');
    expect(origins).toContain('by crm');
  });

  it('the disagreement shows in the detail while the pin holds', async () => {
    const agent = await openAgent(CONFIG);
    sync(agent.engine, product('erp', 'E1'), product('crm', 'C1', { sourceUpdatedAt: t(2) }));
    await agent.engine.pinField({ entity: 'products', id: 'E1', field: 'price', value: 7 });
    sync(agent.engine, product('erp', 'E1', { price: 11, sourceUpdatedAt: t(4) }));
    render(
      <I18nProvider locale="pt-BR">
        <ProductDetail id="E1" onClose={() => {}} onOpen={() => {}} />
      </I18nProvider>,
    );
    const note = await screen.findByTestId('pin-disagrees');
    expect(note.textContent).toMatch(/A origem diverge: R\$\s11,00/);
    expect(row('price').textContent).toMatch(/R\$\s7,00/);
  });
});
