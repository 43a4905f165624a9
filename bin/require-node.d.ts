/** Types of require-node.js (plain JavaScript so that any Node can run it). */
export declare const ENGINES: string;
export declare function isSupported(version: string): boolean;
export declare function requireNode(command: string, version?: string): void;
