// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogToolbar } from '../../src-renderer/components/CatalogToolbar.js';
import { ErrorText } from '../../src-renderer/components/ErrorText.js';
import { LanguageSelect } from '../../src-renderer/components/LanguageSelect.js';
import { I18nProvider, translator, useT } from '../../src-renderer/i18n/index.js';
import { emptyFilters } from '../../src-renderer/lib/catalogQuery.js';
import { describeRunError } from '../../src-renderer/lib/errors.js';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

function SyncButton() {
  const t = useT();
  return <button type="button">{t('dashboard.syncNow')}</button>;
}

describe('language', () => {
  it('switches every text at once and remembers the choice', () => {
    render(
      <I18nProvider locale="en">
        <LanguageSelect />
        <SyncButton />
      </I18nProvider>,
    );
    expect(screen.getByRole('button').textContent).toBe('Sync now');
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'pt-BR' } });
    expect(screen.getByRole('button').textContent).toBe('Sincronizar agora');
    expect(screen.getByLabelText('Idioma')).toBeTruthy();
    expect(localStorage.getItem('syncflow.locale')).toBe('pt-BR');
    expect(document.documentElement.lang).toBe('pt-BR');
  });

  it('starts in the remembered language', () => {
    localStorage.setItem('syncflow.locale', 'pt-BR');
    render(
      <I18nProvider>
        <SyncButton />
      </I18nProvider>,
    );
    expect(screen.getByRole('button').textContent).toBe('Sincronizar agora');
  });
});

describe('errors for people', () => {
  it('says what happened and what to do, with the raw text behind Details', () => {
    const error = describeRunError({ class: 'auth', message: 'HTTP 401 Unauthorized' }, translator('en'), {
      name: 'ploomes',
      kind: 'ploomes',
    });
    render(<ErrorText error={error} />);
    expect(screen.getByText('Ploomes refused the User-Key.')).toBeTruthy();
    expect(screen.getByText('Check the key in Settings → Sources.')).toBeTruthy();
    const details = screen.getByText('Details').closest('details');
    expect(details?.open).toBe(false);
    expect(details?.textContent).toContain('[auth] HTTP 401 Unauthorized');
  });

  it('names the source for a class without a kind-specific sentence', () => {
    const error = describeRunError({ class: 'network', message: 'connect ECONNREFUSED' }, translator('pt-BR'), {
      name: 'erp',
    });
    expect(error.sentence).toBe('Não foi possível alcançar erp.');
  });
});

describe('catalog filters', () => {
  function Toolbar() {
    const [filters, setFilters] = useState(emptyFilters);
    return <CatalogToolbar filters={filters} onChange={setFilters} />;
  }

  it('says what is wrong with a price instead of ignoring it', () => {
    render(
      <I18nProvider locale="en">
        <Toolbar />
      </I18nProvider>,
    );
    const min = screen.getByLabelText('Minimum price');
    fireEvent.change(min, { target: { value: 'abc' } });
    expect(min.getAttribute('aria-invalid')).toBe('true');
    const message = screen.getByTestId('price-message');
    expect(message.textContent).toBe('“abc” is not a price: type a number such as 1234.50 or 1.234,50.');
    expect(min.getAttribute('aria-describedby')).toBe(message.id);

    fireEvent.change(min, { target: { value: '500' } });
    fireEvent.change(screen.getByLabelText('Maximum price'), { target: { value: '100' } });
    expect(screen.getByTestId('price-message').textContent).toBe('The minimum price is above the maximum.');

    fireEvent.change(min, { target: { value: '1.234,50' } });
    fireEvent.change(screen.getByLabelText('Maximum price'), { target: { value: '' } });
    expect(screen.queryByTestId('price-message')).toBeNull();
  });
});
