import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { ErrorView } from './StateViews';

interface State {
  readonly error: Error | null;
}

/** Keeps one broken view from blanking the whole app; the user can retry or move on. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey?: string }): void {
    // Navigating elsewhere gives the next view a fresh start.
    if (prev.resetKey !== this.props.resetKey && this.state.error !== null) this.setState({ error: null });
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('view crashed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error !== null) {
      // A failed lazy chunk (after a redeploy) needs a reload, not a re-render.
      const reload = () => window.location.reload();
      return <ErrorView error={this.state.error} onRetry={reload} />;
    }
    return this.props.children;
  }
}
