import { Component, type ReactNode } from "react";
import { ErrorNote } from "./ErrorNote";

/**
 * Where a form action's error lands: React hands an error thrown by a
 * `<form action>` function to the nearest error boundary. This one shows it
 * (the server's message, status and data) with a way back to the form.
 */
export class ActionErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  state = { error: null as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="action-error">
        <ErrorNote error={this.state.error} />
        <button type="button" className="secondary" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
