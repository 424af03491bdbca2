/** A person's own account: signing up and in, passwords, email and profile, their data. */
export * from './sign-up';
export * from './sessions';
export * from './passwords';
export * from './profile';
export * from './data';
