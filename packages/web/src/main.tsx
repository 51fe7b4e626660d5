import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { setUnauthenticatedHandler } from './api/client';
import { loginHref } from './auth/auth.types';
import { I18nProvider } from './i18n/i18n-context';
import { createRouter } from './router';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const router = createRouter();

// A session that ends (expired, signed out elsewhere) sends the user to sign in, then back here.
const PUBLIC_PAGES = ['/app/login', '/app/forgot-password', '/app/reset-password'];
setUnauthenticatedHandler(() => {
  const { pathname, search } = window.location;
  if (PUBLIC_PAGES.some((page) => pathname.startsWith(page))) return;
  void router.navigate(loginHref(pathname + search), { replace: true });
});

createRoot(container).render(
  <StrictMode>
    <I18nProvider>
      <RouterProvider router={router} />
    </I18nProvider>
  </StrictMode>,
);
