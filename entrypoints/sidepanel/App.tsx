import { t } from '@/utils/i18n';

export function App() {
  return (
    <main className="app">
      <header className="app-header">
        <h1>{t('appTitle')}</h1>
      </header>
      <section className="empty">{t('emptyHint')}</section>
    </main>
  );
}
