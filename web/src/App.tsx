import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { ApiError } from './api/client';
import { AppFrame } from './components/AppFrame';
import { ErrorBoundary } from './components/ErrorBoundary';
import { LoadingState, NotFoundView } from './components/StateViews';
import { colorSchemeManager, theme } from './theme';

// Every view is its own chunk: the first load carries only the shell and the view it opens.
const ExplorerView = lazy(() => import('./views/explorer/ExplorerView'));
const OverviewView = lazy(() => import('./views/overview/OverviewView'));
const PatternsView = lazy(() => import('./views/patterns/PatternsView'));
const TemplatePage = lazy(() => import('./views/patterns/TemplatePage'));
const AnomaliesView = lazy(() => import('./views/anomalies/AnomaliesView'));
const IncidentsView = lazy(() => import('./views/incidents/IncidentsView'));
const IncidentPage = lazy(() => import('./views/incidents/IncidentPage'));
const AlertsView = lazy(() => import('./views/alerts/AlertsView'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Retry only what a retry can fix (the API marks errors retryable).
      retry: (failures, error) => failures < 2 && (!(error instanceof ApiError) || error.retryable),
      staleTime: 10_000,
      refetchOnWindowFocus: false,
    },
  },
});

function Routes() {
  return (
    <Switch>
      <Route path="/">
        <Redirect to="/overview" replace />
      </Route>
      <Route path="/overview" component={OverviewView} />
      <Route path="/logs" component={ExplorerView} />
      <Route path="/patterns" component={PatternsView} />
      <Route path="/patterns/:id" component={TemplatePage} />
      <Route path="/anomalies" component={AnomaliesView} />
      <Route path="/anomalies/:id" component={AnomaliesView} />
      <Route path="/incidents" component={IncidentsView} />
      <Route path="/incidents/:id" component={IncidentPage} />
      <Route path="/alerts" component={AlertsView} />
      <Route>
        <NotFoundView />
      </Route>
    </Switch>
  );
}

/** Resets the error boundary when the user navigates, so one crashed view does not stick. */
function ViewBoundary({ children }: { children: ReactNode }) {
  const [location] = useLocation();
  return <ErrorBoundary resetKey={location}>{children}</ErrorBoundary>;
}

export function App() {
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <AppFrame>
          <ViewBoundary>
            <Suspense fallback={<LoadingState label="Loading view…" />}>
              <Routes />
            </Suspense>
          </ViewBoundary>
        </AppFrame>
      </QueryClientProvider>
    </MantineProvider>
  );
}
