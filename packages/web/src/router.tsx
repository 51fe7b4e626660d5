import { createBrowserRouter, Navigate } from 'react-router';
import { AdminLayout } from './admin/admin-layout';
import { ApiKeysPage } from './admin/api-keys.page';
import { RolesPage } from './admin/roles.page';
import { UsersPage } from './admin/users.page';
import { AuditPage } from './audit/audit.page';
import { AccountPage } from './auth/account.page';
import { AuthGate } from './auth/auth-context';
import { ForgotPasswordPage } from './auth/forgot-password.page';
import { LoginPage } from './auth/login.page';
import { ResetPasswordPage } from './auth/reset-password.page';
import { AgendaPage } from './organisation/agenda.page';
import { HomeRedirect } from './organisation/home-redirect';
import { TasksPage } from './organisation/tasks.page';
import { TeamPage } from './organisation/team.page';
import { AgreementsLayout } from './agreements/agreements-layout';
import { DirectDebitsPage } from './agreements/direct-debits.page';
import { DisputesPage } from './agreements/disputes.page';
import { ForecastPage } from './agreements/forecast.page';
import { PlanBuilderPage } from './agreements/plan-builder.page';
import { PlanPage, PlansPage } from './agreements/plans.page';
import { PromisesPage } from './agreements/promises.page';
import { CaseListPage } from './cases/case-list.page';
import { CasePage } from './cases/case.page';
import { DunningLayout } from './dunning/dunning-layout';
import { DunningRunPage } from './dunning/dunning-run.page';
import { TemplateEditorPage } from './dunning/template-editor.page';
import { TemplatesPage } from './dunning/templates.page';
import { AccountLedgerPage, AccountPickerPage } from './ledger/account-ledger.page';
import { CustomerBalancesPage } from './ledger/customer-balances.page';
import { EntryPage } from './ledger/entry.page';
import { InterestLayout } from './interest/interest-layout';
import { InterestPage } from './interest/interest.page';
import { ReferenceRatesPage } from './interest/reference-rates.page';
import { LedgerLayout } from './ledger/ledger-layout';
import { TrialBalancePage } from './ledger/trial-balance.page';
import { ValidationPage } from './ledger/validation.page';
import { PartyPage } from './parties/party.page';
import { RuleSetPage } from './rules/rule-set.page';
import { RuleSetsPage } from './rules/rule-sets.page';
import { BankEntriesPage } from './payments/bank-entries.page';
import { PaymentQueuePage } from './payments/payment-queue.page';
import { PaymentsLayout } from './payments/payments-layout';
import { StatementImportPage } from './payments/statement-import.page';
import { AppShell } from './shell/app-shell';
import { NotFoundPage } from './shell/not-found.page';
import { RouteError } from './shell/route-error';

export function createRouter() {
  return createBrowserRouter([
    { path: '/', element: <Navigate to="/app" replace /> },
    // Open without a session: signing in, and getting back into one's account.
    { path: '/app/login', element: <LoginPage />, errorElement: <RouteError /> },
    { path: '/app/forgot-password', element: <ForgotPasswordPage />, errorElement: <RouteError /> },
    { path: '/app/reset-password', element: <ResetPasswordPage />, errorElement: <RouteError /> },
    {
      path: '/app',
      element: (
        <AuthGate>
          <AppShell />
        </AuthGate>
      ),
      errorElement: <RouteError />,
      children: [
        {
          errorElement: <RouteError />, // keeps the top bar when a screen fails
          children: [
            { index: true, element: <HomeRedirect /> },
            { path: 'agenda', element: <AgendaPage /> },
            { path: 'tasks', element: <TasksPage /> },
            { path: 'team', element: <TeamPage /> },
            { path: 'account', element: <AccountPage /> },
            { path: 'audit', element: <AuditPage /> },
            {
              path: 'admin',
              element: <AdminLayout />,
              children: [
                { index: true, element: <Navigate to="users" replace /> },
                { path: 'users', element: <UsersPage /> },
                { path: 'roles', element: <RolesPage /> },
                { path: 'api-keys', element: <ApiKeysPage /> },
              ],
            },
            { path: 'cases', element: <CaseListPage /> },
            { path: 'cases/:id', element: <CasePage /> },
            { path: 'cases/:id/plan/new', element: <PlanBuilderPage /> },
            { path: 'parties/:id', element: <PartyPage /> },
            {
              path: 'payments',
              element: <PaymentsLayout />,
              children: [
                { index: true, element: <Navigate to="queue" replace /> },
                { path: 'queue', element: <PaymentQueuePage /> },
                { path: 'import', element: <StatementImportPage /> },
                { path: 'entries', element: <BankEntriesPage /> },
              ],
            },
            {
              path: 'interest',
              element: <InterestLayout />,
              children: [
                { index: true, element: <InterestPage /> },
                { path: 'rates', element: <ReferenceRatesPage /> },
              ],
            },
            {
              path: 'dunning',
              element: <DunningLayout />,
              children: [
                { index: true, element: <DunningRunPage /> },
                { path: 'templates', element: <TemplatesPage /> },
                { path: 'templates/:id/:language', element: <TemplateEditorPage /> },
              ],
            },
            {
              path: 'agreements',
              element: <AgreementsLayout />,
              children: [
                { index: true, element: <Navigate to="plans" replace /> },
                { path: 'plans', element: <PlansPage /> },
                { path: 'plans/:id', element: <PlanPage /> },
                { path: 'promises', element: <PromisesPage /> },
                { path: 'disputes', element: <DisputesPage /> },
                { path: 'forecast', element: <ForecastPage /> },
                { path: 'direct-debits', element: <DirectDebitsPage /> },
              ],
            },
            { path: 'rules', element: <RuleSetsPage /> },
            { path: 'rules/:version', element: <RuleSetPage /> },
            {
              path: 'ledger',
              element: <LedgerLayout />,
              children: [
                { index: true, element: <Navigate to="trial-balance" replace /> },
                { path: 'trial-balance', element: <TrialBalancePage /> },
                { path: 'accounts', element: <AccountPickerPage /> },
                { path: 'accounts/:account', element: <AccountLedgerPage /> },
                { path: 'customers', element: <CustomerBalancesPage /> },
                { path: 'validation', element: <ValidationPage /> },
                { path: 'entries/:id', element: <EntryPage /> },
              ],
            },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
    { path: '*', element: <Navigate to="/app" replace /> },
  ]);
}
