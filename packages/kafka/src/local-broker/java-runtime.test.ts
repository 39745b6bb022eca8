import { describe, expect, it } from 'vitest';
import { javaExecutable, parseJavaMajorVersion } from './java-runtime';

describe('parseJavaMajorVersion', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "21" 2023-09-19', 21],
    ['openjdk version "23-ea" 2024-09-17', 23],
    ['openjdk version "11.0.2" 2019-01-15 LTS', 11],
  ])('%s -> %d', (output, major) => {
    expect(parseJavaMajorVersion(`${output}\nOpenJDK Runtime Environment`)).toBe(major);
  });

  it('returns null without a version string', () => {
    expect(parseJavaMajorVersion('bash: java: command not found')).toBeNull();
  });
});

describe('javaExecutable', () => {
  it('falls back to java on the PATH when JAVA_HOME is unset or wrong', () => {
    expect(javaExecutable({})).toBe('java');
    expect(javaExecutable({ JAVA_HOME: '/nonexistent-jdk' })).toBe('java');
  });
});
