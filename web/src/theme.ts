import { createTheme, localStorageColorSchemeManager } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'sm',
  fontFamilyMonospace: "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
  cursorType: 'pointer',
});

/** The chosen theme (light, dark or auto) survives reloads. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'logsift-color-scheme' });
