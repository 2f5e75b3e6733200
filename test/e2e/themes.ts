/** A subset of the variables VS Code sets on a webview's <html>, for its default dark and light themes. */
export const THEMES: Record<'dark' | 'light', { bodyClass: string; vars: Record<string, string> }> = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px', '--vscode-foreground': '#cccccc',
      '--vscode-descriptionForeground': '#9d9d9d', '--vscode-sideBar-background': '#181818', '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185', '--vscode-charts-yellow': '#cca700',
      '--vscode-errorForeground': '#f85149', '--vscode-textLink-foreground': '#4daafc', '--vscode-focusBorder': '#0078d4',
      '--vscode-widget-border': '#313131', '--vscode-editorWidget-background': '#202020', '--vscode-progressBar-background': '#0078d4',
      '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc', '--vscode-disabledForeground': '#6e7681',
      '--vscode-button-hoverBackground': '#026ec1', '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-settings-checkboxBackground': '#313131', '--vscode-settings-checkboxBorder': '#3c3c3c', '--vscode-settings-checkboxForeground': '#cccccc',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px', '--vscode-foreground': '#3b3b3b',
      '--vscode-descriptionForeground': '#717171', '--vscode-sideBar-background': '#f8f8f8', '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#388a34', '--vscode-charts-yellow': '#bf8803',
      '--vscode-errorForeground': '#f85149', '--vscode-textLink-foreground': '#005fb8', '--vscode-focusBorder': '#005fb8',
      '--vscode-widget-border': '#e5e5e5', '--vscode-editorWidget-background': '#f0f0f0', '--vscode-progressBar-background': '#005fb8',
      '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b', '--vscode-disabledForeground': '#8b949e',
      '--vscode-button-hoverBackground': '#0258a8', '--vscode-button-secondaryHoverBackground': '#cccccc',
      '--vscode-settings-checkboxBackground': '#f8f8f8', '--vscode-settings-checkboxBorder': '#cecece', '--vscode-settings-checkboxForeground': '#3b3b3b',
    },
  },
};
