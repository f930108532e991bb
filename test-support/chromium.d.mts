import type { Browser } from 'playwright-core';

export const CHROMIUM_PATH: string;
export function findMissingChromium(): string | null;
export function launchChromium(): Promise<Browser>;
