import { createBrowserRouter, Navigate } from 'react-router';
import { CaseListPage } from './cases/case-list.page';
import { CasePage } from './cases/case.page';
import { PartyPage } from './parties/party.page';
import { AppShell } from './shell/app-shell';
import { NotFoundPage } from './shell/not-found.page';
import { RouteError } from './shell/route-error';

export function createRouter() {
  return createBrowserRouter([
    { path: '/', element: <Navigate to="/app" replace /> },
    {
      path: '/app',
      element: <AppShell />,
      errorElement: <RouteError />,
      children: [
        {
          errorElement: <RouteError />, // keeps the top bar when a screen fails
          children: [
            { index: true, element: <CaseListPage /> },
            { path: 'cases/:id', element: <CasePage /> },
            { path: 'parties/:id', element: <PartyPage /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
    { path: '*', element: <Navigate to="/app" replace /> },
  ]);
}
