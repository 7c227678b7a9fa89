import { ActionIcon, Anchor, CloseButton, Code, Kbd, Popover, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconHelp, IconSearch } from '@tabler/icons-react';
import { useRef, useState } from 'react';

interface Props {
  /** The search as in the URL. */
  readonly value: string;
  /** Submitting (Enter) runs the search, even unchanged (to look again at "now"). */
  readonly onSubmit: (text: string) => void;
}

const EXAMPLES: readonly { readonly query: string; readonly meaning: string }[] = [
  { query: 'level:error,fatal', meaning: 'errors and fatals' },
  { query: 'service:checkout timeout', meaning: 'checkout lines with a word starting "timeout"' },
  { query: 'host:web-1 level:warn', meaning: 'warnings from one host' },
  { query: 'trace:4bf92f3577b34da6', meaning: 'every line of one trace' },
  { query: 'template:8261a5e68387b', meaning: 'lines of one pattern' },
];

function SyntaxHelp({ onPick }: { onPick: (q: string) => void }) {
  const [opened, setOpened] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} width={460} position="bottom-start" shadow="md">
      <Popover.Target>
        <Tooltip label="Search syntax">
          <ActionIcon variant="subtle" color="gray" onClick={() => setOpened((o) => !o)} aria-label="Search syntax">
            <IconHelp size={18} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm">
            Free text matches words that <b>start</b> with each term (all terms must match, any case). Filters: <Code>service:</Code> <Code>level:</Code>{' '}
            <Code>host:</Code> <Code>template:</Code> <Code>trace:</Code>; commas mean "or".
          </Text>
          <Table fz="xs" verticalSpacing={4}>
            <Table.Tbody>
              {EXAMPLES.map((e) => (
                <Table.Tr key={e.query}>
                  <Table.Td>
                    <Anchor
                      size="xs"
                      className="ls-mono"
                      onClick={() => {
                        onPick(e.query);
                        setOpened(false);
                      }}
                    >
                      {e.query}
                    </Anchor>
                  </Table.Td>
                  <Table.Td c="dimmed">{e.meaning}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed">
            Keys: <Kbd>/</Kbd> search · <Kbd>j</Kbd>/<Kbd>k</Kbd> next/previous line · <Kbd>Enter</Kbd> open line · <Kbd>c</Kbd> surrounding lines · <Kbd>Esc</Kbd> close
          </Text>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** One box for free text and filters; `/` focuses it from anywhere in the explorer. */
export function SearchBar({ value, onSubmit }: Props) {
  const [draft, setDraft] = useState(value);
  const [searched, setSearched] = useState(value);
  const input = useRef<HTMLInputElement>(null);
  // The URL can change under us (Back, a filter button): show what is actually searched.
  if (value !== searched) {
    setSearched(value);
    setDraft(value);
  }
  useHotkeys([
    [
      '/',
      (e) => {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
      },
    ],
  ]);
  return (
    <form
      style={{ flex: 1, minWidth: 220 }}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(draft.trim());
        input.current?.blur();
      }}
      role="search"
    >
      <TextInput
        ref={input}
        value={draft}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setDraft(value);
            input.current?.blur();
          }
        }}
        placeholder="Search: free text and service: level: host: template: trace:   (press / to focus)"
        aria-label="Search logs"
        data-testid="search-input"
        leftSection={<IconSearch size={16} />}
        rightSectionWidth={draft === '' ? 36 : 64}
        rightSectionPointerEvents="all"
        rightSection={
          <>
            {draft !== '' && <CloseButton size="sm" aria-label="Clear search" onClick={() => onSubmit('')} />}
            <SyntaxHelp
              onPick={(q) => {
                setDraft(q);
                onSubmit(q);
              }}
            />
          </>
        }
        styles={{ input: { fontFamily: 'var(--ls-mono)', fontSize: 13 } }}
        spellCheck={false}
        autoComplete="off"
      />
    </form>
  );
}
