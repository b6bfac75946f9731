import { lazy, type ReactNode, Suspense } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import type { Permission } from './api/types';
import { landingPath, useCan, useSession } from './auth/useAuth';
import { AppLayout } from './components/AppLayout';
import { ErrorAlert } from './components/ErrorAlert';
import { Forbidden, NotFound } from './components/Forbidden';
import { PageLoader } from './components/PageLoader';

const LoginPage = lazy(() => import('./pages/LoginPage'));
const DashboardPage = lazy(() => import('./pages/DashboardPage'));
const UnitsPage = lazy(() => import('./pages/units/UnitsPage'));
const UsersPage = lazy(() => import('./pages/users/UsersPage'));
const TokensPage = lazy(() => import('./pages/users/TokensPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const CalendarPage = lazy(() => import('./pages/calendar/CalendarPage'));
const ParHomePage = lazy(() => import('./pages/par/ParHomePage'));
const CycleBoardPage = lazy(() => import('./pages/par/CycleBoardPage'));
const AssessmentPage = lazy(() => import('./pages/par/AssessmentPage'));
const ResultsPage = lazy(() => import('./pages/par/ResultsPage'));
const SiLeagueTablePage = lazy(() => import('./pages/serviceIndex/LeagueTablePage'));
const SiUnitDetailPage = lazy(() => import('./pages/serviceIndex/UnitDetailPage'));
const SiDrillDownPage = lazy(() => import('./pages/serviceIndex/DrillDownPage'));
const SiOverduePage = lazy(() => import('./pages/serviceIndex/OverduePage'));
const SiImportPage = lazy(() => import('./pages/serviceIndex/ImportPage'));
const SurveysHomePage = lazy(() => import('./pages/surveys/SurveysHomePage'));
const QuestionnairePage = lazy(() => import('./pages/surveys/QuestionnairePage'));
const SurveyPage = lazy(() => import('./pages/surveys/SurveyPage'));
const PlansPage = lazy(() => import('./pages/plans/PlansPage'));
const PlanDetailPage = lazy(() => import('./pages/plans/PlanDetailPage'));
const PlansInboxPage = lazy(() => import('./pages/plans/InboxPage'));
const PlansChasingPage = lazy(() => import('./pages/plans/ChasingPage'));
const PlansCampaignsPage = lazy(() => import('./pages/plans/CampaignsPage'));
const PlansCampaignPage = lazy(() => import('./pages/plans/CampaignPage'));
const PlansDashboardPage = lazy(() => import('./pages/plans/PlansDashboardPage'));
const PlansInspectionsPage = lazy(() => import('./pages/plans/InspectionsPage'));
const PlansInspectionPlanPage = lazy(() => import('./pages/plans/InspectionPlanPage'));
// the routes that load ECharts: the PAR dashboard, a campaign's burn-up and the plans dashboard
const ParDashboardPage = lazy(() => import('./pages/par/dashboard/ParDashboardPage'));

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoader />}>{children}</Suspense>;
}

/** Renders the app shell for logged-in users; redirects to /login otherwise. */
function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <PageLoader fullScreen />;
  if (session.isError) {
    return (
      <div style={{ maxWidth: 560, margin: '80px auto', padding: 16 }}>
        <ErrorAlert error={session.error} onRetry={() => void session.refetch()} />
      </div>
    );
  }
  if (!session.data) return <Navigate to="/login" replace state={{ from: location }} />;
  return (
    <AppLayout>
      <Suspense fallback={<PageLoader />}>
        <Outlet />
      </Suspense>
    </AppLayout>
  );
}

/**
 * The overview page; a provincial leader opening the app (first page of the tab) lands on the PAR dashboard instead.
 * Navigating to "/" later (menu, logo) shows the overview.
 */
function Home() {
  const session = useSession();
  const location = useLocation();
  const user = session.data?.user;
  const landing = user ? landingPath(user) : '/';
  if (landing !== '/' && location.key === 'default') return <Navigate to={landing} replace />;
  return (
    <Page>
      <DashboardPage />
    </Page>
  );
}

function RequirePermission({ anyOf, children }: { anyOf: Permission[]; children: ReactNode }) {
  const can = useCan();
  if (!anyOf.some((p) => can(p))) return <Forbidden />;
  return <>{children}</>;
}

export function AppRoutes() {
  return (
    <BrowserRouter>
      <Routes>
        <Route
          path="/login"
          element={
            <Suspense fallback={<PageLoader fullScreen />}>
              <LoginPage />
            </Suspense>
          }
        />
        <Route path="/" element={<RequireAuth />}>
          <Route index element={<Home />} />
          <Route
            path="units"
            element={
              <Page>
                <UnitsPage />
              </Page>
            }
          />
          <Route
            path="users"
            element={
              <RequirePermission anyOf={['user.read', 'user.manage']}>
                <Page>
                  <UsersPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="tokens"
            element={
              <Page>
                <TokensPage />
              </Page>
            }
          />
          <Route
            path="audit"
            element={
              <RequirePermission anyOf={['audit.read']}>
                <Page>
                  <AuditPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="calendar"
            element={
              <Page>
                <CalendarPage />
              </Page>
            }
          />
          <Route
            path="head-evaluation"
            element={
              <RequirePermission anyOf={['par.read']}>
                <Page>
                  <ParHomePage purpose="headEvaluation" />
                </Page>
              </RequirePermission>
            }
          />
          <Route path="par">
            <Route
              index
              element={
                <RequirePermission anyOf={['par.read']}>
                  <Page>
                    <ParHomePage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="dashboard"
              element={
                <RequirePermission anyOf={['par.read']}>
                  <Page>
                    <ParDashboardPage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="cycles/:id"
              element={
                <RequirePermission anyOf={['par.read']}>
                  <Page>
                    <CycleBoardPage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="cycles/:id/results"
              element={
                <RequirePermission anyOf={['par.read']}>
                  <Page>
                    <ResultsPage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="assessments/:id"
              element={
                <RequirePermission anyOf={['par.read']}>
                  <Page>
                    <AssessmentPage />
                  </Page>
                </RequirePermission>
              }
            />
          </Route>
          <Route path="service-index">
            <Route
              index
              element={
                <RequirePermission anyOf={['serviceIndex.read']}>
                  <Page>
                    <SiLeagueTablePage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="units/:unitId"
              element={
                <RequirePermission anyOf={['serviceIndex.read']}>
                  <Page>
                    <SiUnitDetailPage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="units/:unitId/dossiers"
              element={
                <RequirePermission anyOf={['serviceIndex.read']}>
                  <Page>
                    <SiDrillDownPage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="units/:unitId/overdue"
              element={
                <RequirePermission anyOf={['serviceIndex.read']}>
                  <Page>
                    <SiOverduePage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="import"
              element={
                <RequirePermission anyOf={['serviceIndex.manage']}>
                  <Page>
                    <SiImportPage />
                  </Page>
                </RequirePermission>
              }
            />
          </Route>
          <Route path="plans">
            <Route
              index
              element={
                <RequirePermission anyOf={['plans.read']}>
                  <Page>
                    <PlansPage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="inbox"
              element={
                <RequirePermission anyOf={['plans.read']}>
                  <Page>
                    <PlansInboxPage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="chasing"
              element={
                <RequirePermission anyOf={['plans.monitor']}>
                  <Page>
                    <PlansChasingPage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="campaigns"
              element={
                <RequirePermission anyOf={['plans.read']}>
                  <Page>
                    <PlansCampaignsPage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="campaigns/:id"
              element={
                <RequirePermission anyOf={['plans.read']}>
                  <Page>
                    <PlansCampaignPage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="inspections"
              element={
                <RequirePermission anyOf={['plans.read']}>
                  <Page>
                    <PlansInspectionsPage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="inspections/:id"
              element={
                <RequirePermission anyOf={['plans.read']}>
                  <Page>
                    <PlansInspectionPlanPage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="dashboard"
              element={
                <RequirePermission anyOf={['plans.monitor']}>
                  <Page>
                    <PlansDashboardPage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path=":id"
              element={
                <RequirePermission anyOf={['plans.read']}>
                  <Page>
                    <PlanDetailPage />
                  </Page>
                </RequirePermission>
              }
            />
          </Route>
          <Route path="surveys">
            <Route
              index
              element={
                <RequirePermission anyOf={['survey.read']}>
                  <Page>
                    <SurveysHomePage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="questionnaires/new"
              element={
                <RequirePermission anyOf={['survey.read']}>
                  <Page>
                    <QuestionnairePage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path="questionnaires/:id"
              element={
                <RequirePermission anyOf={['survey.read']}>
                  <Page>
                    <QuestionnairePage />
                  </Page>
                </RequirePermission>
              }
            />
            <Route
              path=":id"
              element={
                <RequirePermission anyOf={['survey.read']}>
                  <Page>
                    <SurveyPage />
                  </Page>
                </RequirePermission>
              }
            />
          </Route>
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
