import { describe, expect, it } from 'vitest';
import { completionKey, macroText, scopeOf, suggestions, typedMacro } from './macroCompletion';
import type { MacroDef } from '../../api/messages';

const def = (name: string, scopes: string[], offer = false): MacroDef => ({
  name,
  description: '',
  example: '',
  contexts: ['subject', 'html', 'text'],
  scopes,
  offer,
  url: false,
});
const macros = [
  def('partner_name', ['general', 'offer_details']),
  def('partner_first_name', ['general', 'offer_details']),
  def('offer_name', ['offer_details'], true),
  def('advertiser_name', ['advertiser']),
];

describe('macro completion', () => {
  it('finds the macro being typed', () => {
    expect(typedMacro('Hi {partner_n')).toBe('partner_n');
    expect(typedMacro('Hi {')).toBe('');
    expect(typedMacro('Hi {partner_name} ')).toBeNull();
    expect(typedMacro('{ x')).toBeNull();
  });
  it('suggests prefix matches first, within the scope', () => {
    expect(suggestions(macros, 'name', 'general').map((m) => m.name)).toEqual(['partner_name', 'partner_first_name']);
    expect(suggestions(macros, 'o', 'general').map((m) => m.name)).toEqual([]);
    expect(suggestions(macros, 'o', 'offer_details')[0].name).toBe('offer_name');
  });
  it('names the offer when the message carries several', () => {
    expect(macroText(macros[2], [7])).toBe('{offer_name}');
    expect(macroText(macros[2], [7, 9])).toBe('{offer_name:7}');
    expect(scopeOf('general', 'advertisers')).toBe('advertiser');
  });
});

describe('completionKey', () => {
  it('moves the highlight with wrap-around, picks with Enter or Tab, closes with Escape', () => {
    expect(completionKey('ArrowDown', 0, 3)).toEqual({ move: 1 });
    expect(completionKey('ArrowDown', 2, 3)).toEqual({ move: 0 });
    expect(completionKey('ArrowUp', 0, 3)).toEqual({ move: 2 });
    expect(completionKey('Enter', 1, 3)).toBe('pick');
    expect(completionKey('Tab', 1, 3)).toBe('pick');
    expect(completionKey('Escape', 1, 3)).toBe('close');
    expect(completionKey('a', 1, 3)).toBeNull();
  });
});
